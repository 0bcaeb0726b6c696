package dev.murmur.timeline;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/**
 * A post as clients see it. A repost carries its original in {@code repostOf}; a quote carries the
 * quoted post in {@code quote}. A tombstone has {@code deleted = true} and no text. A post whose
 * author blocks the viewer (or is blocked by them) shows only {@code id} and {@code unavailable}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PostView(long id, String kind, Author author, String text, List<FacetView> facets,
                       Long replyParentId, Long replyRootId, PostView quote, PostView repostOf,
                       Counts counts, Viewer viewer, Instant createdAt, Boolean deleted, Boolean unavailable) {

    public record Author(long id, String handle, String displayName) {
    }

    /** A span of the text in UTF-8 byte offsets (end exclusive): a hashtag, mention or link. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FacetView(String type, int byteStart, int byteEnd, String tag, String handle, Long accountId,
                            String uri) {
    }

    public record Counts(int likes, int reposts, int replies, int quotes) {
    }

    /** The signed-in reader's relation to the post. */
    public record Viewer(boolean liked, boolean reposted) {
    }

    public static PostView unavailable(long id) {
        return new PostView(id, null, null, null, null, null, null, null, null, null, null, null, null, true);
    }
}
