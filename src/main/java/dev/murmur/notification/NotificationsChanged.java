package dev.murmur.notification;

import dev.murmur.outbox.Topics;

import java.time.Instant;

/**
 * An account's notifications changed (one was added, grew, went away, or they were marked read),
 * published on {@link Topics#NOTIFICATIONS}, keyed by the account, in the transaction that changed
 * them. The live push reads it on every API instance (docs/decisions/0713-live-push-from-kafka.md).
 *
 * @param unread the unread count as that transaction saw it; the live push reads the count again
 *               before it sends, so a late signal never shows a stale number
 */
public record NotificationsChanged(int schemaVersion, long accountId, long unread, Instant occurredAt) {

    public static final int SCHEMA_VERSION = 1;
    public static final String TYPE = "dev.murmur.notification.changed";

    public String key() {
        return Long.toString(accountId);
    }

    public String subject() {
        return "account/" + accountId;
    }
}
