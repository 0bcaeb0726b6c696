package dev.murmur.moderation;

import dev.murmur.outbox.Topics;

import java.time.Instant;

/**
 * A moderation decision that takes credit away, published on {@link Topics#ENGAGEMENTS} (the payout
 * worker's topic: every event that earns or reverses credit), keyed by the creator who loses it, in
 * the transaction that records the decision. Schema in docs/events.md.
 *
 * <ul>
 *   <li>{@link #POST_REMOVED}: a moderator removed {@link #postId}; every credit it still holds is
 *       reversed under the rule {@code moderation}.</li>
 *   <li>{@link #ACCOUNT_SUSPENDED}: every credit {@link #creatorId} still holds is reversed, and
 *       engagements with the creator earn nothing until {@link #ACCOUNT_REINSTATED}.</li>
 *   <li>{@link #ACCOUNT_REINSTATED}: engagements earn again from here on; what was reversed stays
 *       reversed.</li>
 * </ul>
 *
 * @param creatorId   the account that loses (or may again earn) credit
 * @param postId      the removed post, for {@link #POST_REMOVED}; null otherwise
 * @param moderatorId the operator who decided
 * @param reason      the moderator's words, shown to the creator
 */
public record ModerationEvent(int schemaVersion, String action, long creatorId, Long postId, long moderatorId, String reason,
                              Instant occurredAt) {

    public static final int SCHEMA_VERSION = 1;
    public static final String TYPE_PREFIX = "dev.murmur.moderation.";
    public static final String POST_REMOVED = TYPE_PREFIX + "post.removed";
    public static final String ACCOUNT_SUSPENDED = TYPE_PREFIX + "account.suspended";
    public static final String ACCOUNT_REINSTATED = TYPE_PREFIX + "account.reinstated";

    /** The CloudEvents type: {@code action} is one of the three type constants. */
    public String type() {
        return action;
    }

    public String key() {
        return Long.toString(creatorId);
    }

    public String subject() {
        return postId != null ? "post/" + postId : "account/" + creatorId;
    }
}
