package dev.murmur.outbox;

import io.quarkus.test.Mock;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The tests' relay checkpoints: stop the relay before a pass takes any lane (the relay is down), or
 * crash it after the broker acknowledged a pass but before its rows are marked published (it then
 * sends those rows again). They do nothing unless a test sets them.
 */
@Mock
@ApplicationScoped
public class OutboxHooks extends RelayCheckpoints {

    private volatile Runnable beforePass = () -> { };
    private volatile Runnable afterAcks = () -> { };

    public void beforePass(Runnable hook) {
        this.beforePass = hook;
    }

    public void afterAcks(Runnable hook) {
        this.afterAcks = hook;
    }

    @Override
    void beforePass() {
        beforePass.run();
    }

    @Override
    void acknowledged() {
        afterAcks.run();
    }

    public void reset() {
        beforePass = () -> { };
        afterAcks = () -> { };
    }
}
