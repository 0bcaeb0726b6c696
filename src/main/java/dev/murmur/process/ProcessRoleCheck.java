package dev.murmur.process;

import dev.murmur.chain.ChainConfig;
import dev.murmur.problem.ApiConfig;
import dev.murmur.notification.NotificationConfig;
import dev.murmur.outbox.OutboxConfig;
import dev.murmur.payout.WorkerConfig;
import dev.murmur.settlement.batch.SettlementConfig;
import dev.murmur.settlement.claim.ListenerConfig;
import dev.murmur.trend.TrendConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What this process runs: its role and every component switch as they resolved. Logged at
 * start-up, and reported as the data of the liveness check "murmur process" (always up) at
 * /q/health, so an operator can see it on a running instance.
 */
@Liveness
@ApplicationScoped
public class ProcessRoleCheck implements HealthCheck {

    public static final String NAME = "murmur process";

    private static final Logger LOG = Logger.getLogger(ProcessRoleCheck.class);

    private final ProcessRole role;
    private final Map<String, Boolean> components = new LinkedHashMap<>();

    public ProcessRoleCheck(@ConfigProperty(name = ProcessRole.PROPERTY) ProcessRole role, ApiConfig api, WorkerConfig worker, TrendConfig trends,
                            OutboxConfig outbox, SettlementConfig settlement, ListenerConfig listener,
                            NotificationConfig notifications, ChainConfig chain) {
        this.role = role;
        components.put("http-api", api.enabled());
        components.put("payout-worker", worker.enabled());
        components.put("trend-detector", trends.enabled());
        components.put("outbox-relay", outbox.relayEnabled());
        components.put("settlement-driver", settlement.driverEnabled());
        components.put("chain-listener", listener.enabled());
        components.put("notifications", notifications.enabled());
        components.put("live-push", notifications.liveEnabled());
        components.put("operator-key", chain.signer());
    }

    void report(@Observes StartupEvent start) {
        LOG.infof("murmur.role=%s: runs %s; does not run %s", role, names(true), names(false));
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).up().withData("role", role.toString());
        components.forEach(response::withData);
        return response.build();
    }

    private List<String> names(boolean running) {
        return components.entrySet().stream().filter(e -> e.getValue() == running).map(Map.Entry::getKey).toList();
    }
}
