package dev.murmur.common;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Runs one iteration of a background loop (outbox relay, chain listener, settlement driver) so that
 * no {@link Throwable} ends the loop or goes unseen (docs/decisions/0604-*):
 * <ul>
 *   <li>the loop survives: the failure is caught and the caller's fallback is returned;</li>
 *   <li>it is logged once: the first failure of a run of failures with its stack trace, a failure
 *   of another kind once more, nothing for repeats, and one line when the loop recovers;</li>
 *   <li>it is counted: {@code murmur.loop.failures{loop=...}};</li>
 *   <li>it is visible: after {@code murmur.loops.not-ready-after} failures in a row, {@link LoopReadiness}
 *   reports the process not ready, until an iteration succeeds again.</li>
 * </ul>
 */
@ApplicationScoped
public class LoopGuard {

    private static final Logger LOG = Logger.getLogger(LoopGuard.class);

    /** Settings of the background loops ({@code murmur.loops.*}). */
    @ConfigMapping(prefix = "murmur.loops")
    public interface Config {
        /** murmur.loops.not-ready-after: failed iterations in a row after which readiness is DOWN. */
        @WithDefault("3")
        int notReadyAfter();
    }

    /** A loop's current run of failures: how many in a row, and the kind last logged. */
    public record Streak(int failures, String lastKind) {
    }

    private final MeterRegistry metrics;
    private final Config config;
    private final Map<String, Streak> streaks = new ConcurrentHashMap<>();

    public LoopGuard(MeterRegistry metrics, Config config) {
        this.metrics = metrics;
        this.config = config;
    }

    /** Runs {@code iteration}; returns whether it completed. */
    public boolean run(String loop, Runnable iteration) {
        return call(loop, () -> {
            iteration.run();
            return Boolean.TRUE;
        }, Boolean.FALSE);
    }

    /** Runs {@code iteration} and returns its result, or {@code onFailure} if it threw anything. */
    public <T> T call(String loop, Supplier<T> iteration, T onFailure) {
        T result;
        try {
            result = iteration.get();
        } catch (Throwable e) { // NOSONAR: the point is that nothing ends the loop
            failed(loop, e);
            return onFailure;
        }
        succeeded(loop);
        return result;
    }

    /** Loops whose failures in a row reached murmur.loops.not-ready-after, by name. */
    public Map<String, Streak> failing() {
        Map<String, Streak> failing = new TreeMap<>();
        streaks.forEach((loop, streak) -> {
            if (streak.failures() >= config.notReadyAfter()) {
                failing.put(loop, streak);
            }
        });
        return failing;
    }

    private void failed(String loop, Throwable e) {
        metrics.counter("murmur.loop.failures", "loop", loop).increment();
        String kind = e.getClass().getName();
        Streak before = streaks.get(loop);
        Streak now = new Streak(before == null ? 1 : before.failures() + 1, kind);
        streaks.put(loop, now);
        if (before == null) {
            LOG.errorf(e, "Background loop '%s' failed; it carries on, and repeats of this failure are counted in"
                    + " murmur.loop.failures, not logged", loop);
        } else if (!Objects.equals(before.lastKind(), kind)) {
            LOG.errorf(e, "Background loop '%s' failed differently (%d failures in a row)", loop, now.failures());
        }
        if (now.failures() == config.notReadyAfter()) {
            LOG.errorf("Background loop '%s' failed %d times in a row; readiness is DOWN until it succeeds", loop, now.failures());
        }
    }

    private void succeeded(String loop) {
        Streak before = streaks.remove(loop);
        if (before != null) {
            LOG.infof("Background loop '%s' recovered after %d failed iterations", loop, before.failures());
        }
    }
}
