package dev.murmur.notification.service;

import io.quarkus.test.Mock;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The tests' notification checkpoints: crash the consumer inside the transaction after the writes,
 * or after the commit before the offsets are committed (the batch then comes again and is deduped).
 * They do nothing unless a test sets them.
 */
@Mock
@ApplicationScoped
public class NotificationHooks extends NotificationCheckpoints {

    private volatile Runnable afterWrite = () -> { };
    private volatile Runnable afterCommit = () -> { };

    public void afterWrite(Runnable hook) {
        this.afterWrite = hook;
    }

    public void afterCommit(Runnable hook) {
        this.afterCommit = hook;
    }

    @Override
    void written() {
        afterWrite.run();
    }

    @Override
    void committed() {
        afterCommit.run();
    }

    public void reset() {
        afterWrite = () -> { };
        afterCommit = () -> { };
    }
}
