package dev.murmur.post;

import dev.murmur.outbox.Topics;

import java.time.Instant;

/**
 * A post created or deleted, as published on {@link Topics#POSTS}, keyed by the author. Replies and
 * quotes also publish an engagement event for the author they answer (see EngagementEvent).
 */
public record PostEvent(int schemaVersion, long postId, long authorId, Post.Kind kind, Long replyParentId,
                        Long quoteOfId, Instant occurredAt) {

    public static final int SCHEMA_VERSION = 1;
    public static final String CREATED = "dev.murmur.post.created";
    public static final String DELETED = "dev.murmur.post.deleted";

    public static PostEvent of(Post post, Instant occurredAt) {
        return new PostEvent(SCHEMA_VERSION, post.id, post.author.id, post.kind, post.replyParentId,
                post.quoteOf != null ? post.quoteOf.id : post.quoteOfId, occurredAt);
    }
}
