package dev.murmur.web;

import java.time.Instant;
import java.util.List;

/**
 * What the web app needs from notifications: a page of grouped notifications, the unread count,
 * and marking them read. {@link WebNotificationFeed} provides it over the notification feature's
 * NotificationService (docs/web.md "Notifications"); a feed whose {@link #available()} is false
 * makes the page say that notifications are not available.
 */
public interface NotificationFeed {

    /**
     * One grouped notification: "ada and 3 others liked your post". {@code trendId} and {@code tag}:
     * a trend credit's trend; {@code amount}: a tip's or settled earnings' token base units, a trend
     * credit's credits (null for the other kinds).
     */
    record Item(String kind, List<String> actorHandles, List<String> actorNames, long count, Long postId,
                String trendId, String tag, Long amount, Instant createdAt, boolean read) {
    }

    record Page(List<Item> items, String nextCursor) {
    }

    boolean available();

    Page page(long accountId, String cursor, int limit);

    long unreadCount(long accountId);

    void markRead(long accountId);
}
