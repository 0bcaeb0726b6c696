package dev.murmur.web;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** Stands in for the notification feature where it is not built in (see {@link NotificationFeed}). */
@DefaultBean
@ApplicationScoped
public class NoNotifications implements NotificationFeed {

    @Override
    public boolean available() {
        return false;
    }

    @Override
    public Page page(long accountId, String cursor, int limit) {
        return new Page(List.of(), null);
    }

    @Override
    public long unreadCount(long accountId) {
        return 0;
    }

    @Override
    public void markRead(long accountId) {
    }
}
