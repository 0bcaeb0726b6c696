package dev.murmur.notification;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/**
 * One notification as the API shows it: a group of one or more events of the same kind about the
 * same subject ("ada and 3 others liked your post").
 *
 * @param id         stable while the group lives
 * @param actors     who acted, most recent first, at most a few (murmur.notifications.actors-shown);
 *                   empty for TREND_CREDIT, EARNINGS_SETTLED and anonymous tips
 * @param actorCount how many accounts acted in this group ("and 3 others" is actorCount - 1)
 * @param postId     LIKE, REPOST: your post; REPLY, QUOTE, MENTION: the reply, quote or post that
 *                   mentions you; TIP: the post tipped, if any
 * @param trendId    TREND_CREDIT: the trend
 * @param tag        TREND_CREDIT: the trend's hashtag
 * @param batchId    EARNINGS_SETTLED: the settlement batch (Murmur's id)
 * @param tipId      TIP: the tip
 * @param amount     TIP and EARNINGS_SETTLED: token base units; TREND_CREDIT: credits
 * @param createdAt  when the first event of the group happened
 * @param updatedAt  when the latest actor joined; the list is ordered by it
 * @param read       whether it was marked read
 */
@JsonInclude(JsonInclude.Include.NON_NULL) // fields that do not apply to a kind are left out
public record Notification(long id, NotificationKind kind, List<Actor> actors, long actorCount, Long postId, String trendId,
                           String tag, Long batchId, Long tipId, Long amount, Instant createdAt, Instant updatedAt,
                           boolean read) {

    public record Actor(String handle, String displayName) {
    }
}
