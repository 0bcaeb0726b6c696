package dev.murmur.moderation;

import dev.murmur.social.service.SocialGraph;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A report of exactly one account (by handle) or one post, as {@code POST /api/reports} and the
 * profile page's report form send it. Outside {@code rest} so that the page validates the same type.
 */
public record ReportRequest(String account, Long post, @NotNull SocialGraph.ReportReason reason,
                            @Size(max = 1000) String comment) {
}
