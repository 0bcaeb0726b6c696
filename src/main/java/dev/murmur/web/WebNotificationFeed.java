package dev.murmur.web;

import dev.murmur.notification.Notification;
import dev.murmur.notification.NotificationPage;
import dev.murmur.notification.service.NotificationService;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Locale;

/**
 * The notifications as the web app reads them: an adapter over the notification feature's
 * {@link NotificationService}. It lives in {@code web}, the top layer, so that the notification
 * feature never depends on the pages that show it (docs/architecture.md, "Layers").
 */
@ApplicationScoped
public class WebNotificationFeed implements NotificationFeed {

    private final NotificationService notifications;

    public WebNotificationFeed(NotificationService notifications) {
        this.notifications = notifications;
    }

    @Override
    public boolean available() {
        return true;
    }

    @Override
    public Page page(long accountId, String cursor, int limit) {
        NotificationPage page = notifications.page(accountId, cursor, limit);
        return new Page(page.items().stream().map(WebNotificationFeed::item).toList(), page.nextCursor());
    }

    @Override
    public long unreadCount(long accountId) {
        return notifications.unreadCount(accountId);
    }

    @Override
    public void markRead(long accountId) {
        notifications.markRead(accountId);
    }

    private static Item item(Notification n) {
        return new Item(n.kind().name().toLowerCase(Locale.ROOT),
                n.actors().stream().map(Notification.Actor::handle).toList(),
                n.actors().stream().map(Notification.Actor::displayName).toList(),
                n.actorCount(), n.postId(), n.trendId(), n.tag(), n.amount(), n.updatedAt(), n.read());
    }
}
