package dev.murmur.notification.service;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Fault-injection points in the notification consumer, so tests can crash it where it matters:
 * inside the transaction after the writes, and after the commit before the offsets are committed
 * (the batch then comes again and is deduped). They do nothing unless a test sets them.
 */
@ApplicationScoped
public class NotificationHooks {

    private volatile Runnable afterWrite = () -> { };
    private volatile Runnable afterCommit = () -> { };

    public void afterWrite(Runnable hook) {
        this.afterWrite = hook;
    }

    public void afterCommit(Runnable hook) {
        this.afterCommit = hook;
    }

    void runAfterWrite() {
        afterWrite.run();
    }

    void runAfterCommit() {
        afterCommit.run();
    }

    public void reset() {
        afterWrite = () -> { };
        afterCommit = () -> { };
    }
}
