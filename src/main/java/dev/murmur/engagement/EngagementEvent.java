package dev.murmur.engagement;

import dev.murmur.outbox.Topics;

import java.time.Instant;
import java.util.Locale;

/**
 * An engagement that can earn or reverse credit, as published on {@link Topics#ENGAGEMENTS}, keyed
 * by {@link #creatorId}. Schema in docs/events.md; bump {@link #SCHEMA_VERSION} on any change that
 * is not purely additive.
 *
 * @param readerId     who engaged
 * @param readerSince  when the reader's account was created (the policy weights new accounts down)
 * @param creatorId    who earns: the author of {@link #postId}
 * @param postId       the post engaged with (always an original, never a repost)
 * @param sourcePostId the reply or quote itself, for REPLY and QUOTE; null otherwise
 * @param readerPosts  how many posts, replies and quotes of the reader's own stood when the reader
 *                     engaged (the policy weights empty accounts down); null when not known (events
 *                     written before the field existed)
 */
public record EngagementEvent(int schemaVersion, Kind kind, Action action, long readerId, Instant readerSince,
                              long creatorId, long postId, Long sourcePostId, Instant occurredAt, Long readerPosts) {

    public static final int SCHEMA_VERSION = 1;
    public static final String TYPE_PREFIX = "dev.murmur.engagement.";

    public enum Kind { LIKE, REPOST, REPLY, QUOTE }

    public enum Action { ADDED, REMOVED }

    public static EngagementEvent of(Kind kind, Action action, long readerId, Instant readerSince, Long readerPosts,
                                     long creatorId, long postId, Long sourcePostId, Instant occurredAt) {
        return new EngagementEvent(SCHEMA_VERSION, kind, action, readerId, readerSince, creatorId, postId, sourcePostId, occurredAt,
                readerPosts);
    }

    /** The CloudEvents type, e.g. {@code dev.murmur.engagement.like.added}. */
    public String type() {
        return TYPES[kind.ordinal()][action.ordinal()];
    }

    /** Every type, built once: the payout worker asks for it twice per event. */
    private static final String[][] TYPES = new String[Kind.values().length][Action.values().length];

    static {
        for (Kind k : Kind.values()) {
            for (Action a : Action.values()) {
                TYPES[k.ordinal()][a.ordinal()] = TYPE_PREFIX + k.name().toLowerCase(Locale.ROOT) + "." + a.name().toLowerCase(Locale.ROOT);
            }
        }
    }

    public String key() {
        return Long.toString(creatorId);
    }

    public String subject() {
        return "post/" + postId;
    }
}
