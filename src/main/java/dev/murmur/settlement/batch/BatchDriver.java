package dev.murmur.settlement.batch;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Moves submitted batches on: SUBMITTED -> CONFIRMED -> FINAL (or FAILED, VETOED). Everything it needs
 * is in the database and on the chain, so after a restart it simply carries on where it stopped.
 */
@ApplicationScoped
public class BatchDriver {

    private static final Logger LOG = Logger.getLogger(BatchDriver.class);

    private final BatchService batches;
    private final SettlementConfig config;

    public BatchDriver(BatchService batches, SettlementConfig config) {
        this.batches = batches;
        this.config = config;
    }

    @Scheduled(every = "${murmur.settlement.driver-interval:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        if (!config.driverEnabled()) {
            return;
        }
        try {
            if (batches.openBatch().isPresent()) {
                batches.advanceOpen();
            }
        } catch (RuntimeException e) {
            LOG.warnf("settlement driver: %s", e.getMessage());
        }
    }
}
