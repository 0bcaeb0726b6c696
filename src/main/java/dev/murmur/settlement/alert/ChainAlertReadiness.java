package dev.murmur.settlement.alert;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness is DOWN while any chain alert is open: money may be moving in a way Murmur did not make, and
 * a load balancer or an operator's dashboard must see it at once (decision 0613). An auditor resolves
 * the alert on the auditor API once it is understood.
 */
@Readiness
@ApplicationScoped
public class ChainAlertReadiness implements HealthCheck {

    public static final String NAME = "murmur chain alerts";

    private final ChainAlerts alerts;

    public ChainAlertReadiness(ChainAlerts alerts) {
        this.alerts = alerts;
    }

    @Override
    public HealthCheckResponse call() {
        long open = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(alerts::openCount);
        return HealthCheckResponse.named(NAME).status(open == 0).withData("open", open).build();
    }
}
