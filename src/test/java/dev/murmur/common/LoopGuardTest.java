package dev.murmur.common;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class LoopGuardTest {

    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final LoopGuard guard = new LoopGuard(metrics, () -> 3);

    @Test
    void shouldSurviveErrorsNotOnlyRuntimeExceptions() {
        assertThat(guard.run("relay", () -> {
            throw new StackOverflowError("deep");
        })).isFalse();
        assertThat(guard.call("relay", () -> {
            throw new AssertionError("boom");
        }, 7L)).isEqualTo(7L);
        assertThat(guard.call("relay", () -> 1L, 7L)).isEqualTo(1L);
    }

    @Test
    void shouldCountEveryFailureInAMetric() {
        for (int i = 0; i < 5; i++) {
            guard.run("listener", () -> {
                throw new IllegalStateException("rpc down");
            });
        }

        assertThat(metrics.get("murmur.loop.failures").tag("loop", "listener").counter().count()).isEqualTo(5);
    }

    @Test
    void shouldReportALoopAsFailingOnlyWhileItsFailuresRepeat() {
        AtomicInteger calls = new AtomicInteger();
        Runnable failing = () -> {
            calls.incrementAndGet();
            throw new OutOfMemoryError("simulated");
        };

        guard.run("driver", failing);
        guard.run("driver", failing);
        assertThat(guard.failing()).isEmpty();
        guard.run("driver", failing);
        assertThat(guard.failing()).containsOnlyKeys("driver");
        assertThat(guard.failing().get("driver").failures()).isEqualTo(3);
        assertThat(guard.failing().get("driver").lastKind()).isEqualTo(OutOfMemoryError.class.getName());

        guard.run("driver", () -> { });

        assertThat(guard.failing()).isEmpty();
        assertThat(calls).hasValue(3);
    }
}
