package dev.murmur.web;

import java.util.List;

/**
 * A post as a page shows it, built from the API's {@code PostView} by {@link PostCards}: the text
 * already cut into plain and linked segments, the time in words. Templates only print it.
 *
 * @param feedId     the id of the timeline entry (the repost's own id for a repost)
 * @param id         the post shown (a repost shows its original); actions target it
 * @param repostedBy who reposted it, for a repost; null otherwise
 * @param quote      the quoted post, for a quote; null otherwise
 */
public record PostCard(long feedId, long id, String kind, String handle, String displayName, List<Segment> text,
                       boolean deleted, boolean unavailable, String repostedBy, PostCard quote, Long replyParentId,
                       int likes, int reposts, int replies, int quotes, boolean liked, boolean reposted,
                       boolean mine, boolean signedIn, When when) {

    /** A run of text; {@code href} is set for a hashtag, mention or http(s) link. */
    public record Segment(String text, String href, String kind) {
        public boolean external() {
            return "link".equals(kind);
        }
    }

    /** The time: in words ("5m", "Dec 3"), exactly (for the hover title) and as ISO 8601 for {@code <time>}. */
    public record When(String relative, String exact, String iso) {
    }

    public boolean isReply() {
        return replyParentId != null;
    }

    public boolean isQuote() {
        return quote != null;
    }

    public boolean hidden() {
        return deleted || unavailable;
    }
}
