package dev.murmur.outbox;

import dev.murmur.common.LoopGuard;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The one retry loop of the Kafka consumers (payout worker, trend detector, notifications): a batch
 * is applied again, with a growing pause, until it succeeds, and only then acknowledged, so its
 * offsets are committed after its transaction and never instead of it. The consumers dedupe on the
 * event id in the applying transaction, so a retry never counts anything twice. Each attempt runs
 * under {@link LoopGuard} (decision 0604): failures are logged once per run, counted in
 * {@code murmur.loop.failures{loop=...}}, and a consumer that keeps failing turns readiness DOWN.
 */
@ApplicationScoped
public class ConsumerRetry {

    static final long FIRST_PAUSE_MS = 50;
    static final long MAX_PAUSE_MS = 5_000;

    /** One attempt at applying a batch. */
    @FunctionalInterface
    public interface Attempt {
        void run() throws InterruptedException;
    }

    private final LoopGuard guard;

    public ConsumerRetry(LoopGuard guard) {
        this.guard = guard;
    }

    /** Runs {@code attempt} until it completes; returns then. Only an interrupt (shutdown) ends it early. */
    public void untilApplied(String loop, Attempt attempt) throws InterruptedException {
        long pause = FIRST_PAUSE_MS;
        while (true) {
            InterruptedException[] interrupted = new InterruptedException[1];
            boolean done = guard.run(loop, () -> {
                try {
                    attempt.run();
                } catch (InterruptedException e) {
                    interrupted[0] = e;
                }
            });
            if (interrupted[0] != null) {
                throw interrupted[0];
            }
            if (done) {
                return;
            }
            Thread.sleep(pause);
            pause = Math.min(pause * 2, MAX_PAUSE_MS);
        }
    }
}
