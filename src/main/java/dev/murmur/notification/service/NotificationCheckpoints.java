package dev.murmur.notification.service;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The two moments of a notification batch that matter for exactly-once: its rows are written
 * (inside the transaction), and its transaction committed (before its offsets are). Nothing happens
 * at them in production; a test alternative (src/test {@code NotificationHooks}) crashes the consumer there.
 */
@ApplicationScoped
public class NotificationCheckpoints {

    /** Inside the applying transaction, after every write of the batch. */
    void written() {
        // nothing to do in production
    }

    /** After the batch's transaction committed, before its offsets are committed. */
    void committed() {
        // nothing to do in production
    }
}
