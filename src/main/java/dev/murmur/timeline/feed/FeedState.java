package dev.murmur.timeline.feed;

import java.time.Instant;

/**
 * A reader's feed as a read sees it.
 *
 * @param horizonAt      with {@code horizonId}, the oldest key the feed is complete from; null when it holds everything
 * @param lastReadAt     when a read last recorded the reader as active
 * @param syncedAt       follows made after this have not been backfilled
 * @param newestFollowAt the reader's newest follow, or null
 */
public record FeedState(boolean built, Instant horizonAt, Long horizonId, Instant lastReadAt, Instant syncedAt,
                        Instant newestFollowAt) {

    public boolean hasHorizon() {
        return horizonAt != null;
    }
}
