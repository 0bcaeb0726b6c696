package dev.murmur.outbox;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Fault-injection points in the outbox relay, so tests can stop it or crash it where it matters:
 * before a pass takes any lane (the relay is down), and after the broker acknowledged a pass but
 * before its rows are marked published (a crash that makes the relay send those rows again). They
 * do nothing unless a test sets them.
 */
@ApplicationScoped
public class OutboxHooks {

    private volatile Runnable beforePass = () -> { };
    private volatile Runnable afterAcks = () -> { };

    public void beforePass(Runnable hook) {
        this.beforePass = hook;
    }

    public void afterAcks(Runnable hook) {
        this.afterAcks = hook;
    }

    void runBeforePass() {
        beforePass.run();
    }

    void runAfterAcks() {
        afterAcks.run();
    }

    public void reset() {
        beforePass = () -> { };
        afterAcks = () -> { };
    }
}
