package dev.murmur.trend.detect;

import java.util.List;

/**
 * What the detector needs from one post event. Times are epoch milliseconds of event time.
 *
 * @param postId       the post (for a repost: the repost row)
 * @param accountId    who posted or reposted
 * @param accountSince when that account was created
 * @param kind         POST, REPLY, QUOTE or REPOST
 * @param parentPostId the post replied to, quoted or reposted (null for POST)
 * @param tags         trend keys of the post (a repost carries its original's)
 * @param time         when it happened
 * @param deleted      true for a deletion (or an undone repost)
 */
public record PostSignal(long postId, long accountId, long accountSince, Kind kind, Long parentPostId, List<String> tags,
                         long time, boolean deleted) {

    public enum Kind { POST, REPLY, QUOTE, REPOST }

    public PostSignal {
        tags = List.copyOf(tags);
    }
}
