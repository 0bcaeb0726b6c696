package dev.murmur.post;

/**
 * Fired, synchronously and inside the creating transaction, when a post, reply, quote or repost
 * is created. The home feed observes it to fan the post out to its followers' feeds in the same
 * transaction (docs/decisions/1001-home-feed-fan-out-on-write.md), without the post feature knowing
 * about timelines.
 */
public record PostPublished(long postId, long authorId) {
}
