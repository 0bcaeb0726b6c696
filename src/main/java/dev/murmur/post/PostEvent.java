package dev.murmur.post;

import dev.murmur.outbox.Topics;

import java.time.Instant;
import java.util.List;

/**
 * A post created or deleted, as published on {@link Topics#POSTS}, keyed by the author. Replies and
 * quotes also publish an engagement event for the author they answer (see EngagementEvent).
 * Reposts publish one too (kind REPOST), so the trend detector can count the reposting account.
 *
 * @param repostOfId  the original, for a repost (added in v1, additive)
 * @param authorSince when the author's account was created (added in v1, additive)
 * @param tags        the post's hashtags, normalised as in post_facet (a repost carries its original's) (added in v1, additive)
 * @param mentionIds  the accounts the post mentions (its mention facets), once each, in text order;
 *                    empty for reposts and deletions (added in v1, additive; absent means none)
 */
public record PostEvent(int schemaVersion, long postId, long authorId, Post.Kind kind, Long replyParentId,
                        Long quoteOfId, Instant occurredAt, Long repostOfId, Instant authorSince, List<String> tags,
                        List<Long> mentionIds) {

    public static final int SCHEMA_VERSION = 1;
    public static final String CREATED = "dev.murmur.post.created";
    public static final String DELETED = "dev.murmur.post.deleted";

    public PostEvent {
        mentionIds = mentionIds == null ? List.of() : List.copyOf(mentionIds);
    }

    /** An event without mentions (the form before mentionIds was added). */
    public PostEvent(int schemaVersion, long postId, long authorId, Post.Kind kind, Long replyParentId, Long quoteOfId,
                     Instant occurredAt, Long repostOfId, Instant authorSince, List<String> tags) {
        this(schemaVersion, postId, authorId, kind, replyParentId, quoteOfId, occurredAt, repostOfId, authorSince, tags, List.of());
    }

    public static PostEvent of(Post post, Instant authorSince, List<String> tags, Instant occurredAt) {
        return of(post, authorSince, tags, List.of(), occurredAt);
    }

    public static PostEvent of(Post post, Instant authorSince, List<String> tags, List<Long> mentionIds, Instant occurredAt) {
        return new PostEvent(SCHEMA_VERSION, post.id, post.author.id, post.kind, post.replyParentId,
                post.quoteOf != null ? post.quoteOf.id : post.quoteOfId, occurredAt, null, authorSince, List.copyOf(tags),
                mentionIds);
    }

    public static PostEvent repost(long repostId, long authorId, long originalId, Instant authorSince, List<String> tags,
                                   Instant occurredAt) {
        return new PostEvent(SCHEMA_VERSION, repostId, authorId, Post.Kind.REPOST, null, null, occurredAt, originalId,
                authorSince, List.copyOf(tags));
    }
}
