package dev.murmur.timeline.feed;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The home feed (docs/decisions/1001-home-feed-fan-out-on-write.md). */
@ConfigMapping(prefix = "murmur.feed")
public interface FeedConfig {

    /** murmur.feed.size: rows kept per reader; older pages come from the pull query. */
    @WithDefault("800")
    int size();

    /**
     * murmur.feed.large-account-followers: an author with more followers than this is not fanned
     * out; readers merge their posts at read time. Bounds the rows written inside a post's
     * transaction.
     */
    @WithDefault("5000")
    int largeAccountFollowers();

    /** murmur.feed.inactive-after: a reader who has not read home for this long gets no fan-out; the feed is rebuilt on their next read. */
    @WithDefault("P14D")
    Duration inactiveAfter();

    /** murmur.feed.touch-every: how often a read records the reader as active (and trims the feed). */
    @WithDefault("PT1H")
    Duration touchEvery();
}
