package dev.murmur.payout;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Fault-injection points in the payout worker, so tests can kill a batch at the two places that
 * matter (inside the transaction after writing; after commit before the offset commit). They do
 * nothing unless a test sets them.
 */
@ApplicationScoped
public class PayoutHooks {

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
