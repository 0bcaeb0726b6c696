package dev.murmur.social;

import dev.murmur.outbox.Topics;

import java.time.Instant;

/** A follow or unfollow, as published on {@link Topics#SOCIAL}, keyed by the account followed. */
public record FollowEvent(int schemaVersion, long followerId, long followeeId, Instant occurredAt) {

    public static final int SCHEMA_VERSION = 1;
    public static final String FOLLOWED = "dev.murmur.social.followed";
    public static final String UNFOLLOWED = "dev.murmur.social.unfollowed";

    public static FollowEvent of(long followerId, long followeeId, Instant occurredAt) {
        return new FollowEvent(SCHEMA_VERSION, followerId, followeeId, occurredAt);
    }
}
