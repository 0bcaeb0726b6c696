package dev.murmur.common;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.util.Map;

/**
 * Readiness check "murmur background loops": DOWN while a background loop keeps failing
 * ({@link LoopGuard}), with each failing loop's failures in a row and the last error's class as
 * data. Not its message: /q/health is public, and a chain error can name the RPC URL.
 */
@Readiness
@ApplicationScoped
public class LoopReadiness implements HealthCheck {

    public static final String NAME = "murmur background loops";

    private final LoopGuard guard;

    public LoopReadiness(LoopGuard guard) {
        this.guard = guard;
    }

    @Override
    public HealthCheckResponse call() {
        Map<String, LoopGuard.Streak> failing = guard.failing();
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).status(failing.isEmpty());
        failing.forEach((loop, streak) -> response.withData(loop, streak.failures() + " failures in a row, last: "
                + streak.lastKind()));
        return response.build();
    }
}
