package dev.murmur.outbox;

import dev.murmur.common.LoopGuard;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConsumerRetryTest {

    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final LoopGuard guard = new LoopGuard(metrics, () -> 3);
    private final ConsumerRetry retry = new ConsumerRetry(guard);

    @Test
    void shouldApplyABatchAgainUntilItSucceedsAndReportEveryFailureToTheGuard() throws InterruptedException {
        AtomicInteger attempts = new AtomicInteger();
        retry.untilApplied("payout-worker", () -> {
            if (attempts.incrementAndGet() < 4) {
                throw new IllegalStateException("database down");
            }
        });

        assertThat(attempts).hasValue(4);
        assertThat(metrics.get("murmur.loop.failures").tag("loop", "payout-worker").counter().count()).isEqualTo(3);
        assertThat(guard.failing()).as("one good attempt makes the loop healthy again").isEmpty();
    }

    @Test
    void shouldRetryAfterAnErrorToo() throws InterruptedException {
        AtomicInteger attempts = new AtomicInteger();
        retry.untilApplied("trend-detector", () -> {
            if (attempts.incrementAndGet() == 1) {
                throw new AssertionError("not only runtime exceptions");
            }
        });

        assertThat(attempts).hasValue(2);
    }

    @Test
    void shouldStopOnInterruptWithoutRetrying() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> retry.untilApplied("notifications", () -> {
            attempts.incrementAndGet();
            throw new InterruptedException("shutting down");
        })).isInstanceOf(InterruptedException.class);
        assertThat(attempts).hasValue(1);
    }
}
