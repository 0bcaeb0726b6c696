package dev.murmur.settlement.batch;

import dev.murmur.settlement.settler.SettlerLease;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * The settler's batch driver: signs and sends the batches operators asked to submit, and moves submitted
 * batches on: SUBMITTED -> CONFIRMED -> FINAL (or FAILED, VETOED). It runs only while this process holds
 * the settler lease, so a second settler settles nothing. Everything it needs is in the database and on
 * the chain, so after a restart it simply carries on where it stopped.
 */
@ApplicationScoped
public class BatchDriver {

    private static final Logger LOG = Logger.getLogger(BatchDriver.class);

    private final BatchService batches;
    private final SettlementConfig config;
    private final SettlerLease lease;

    public BatchDriver(BatchService batches, SettlementConfig config, SettlerLease lease) {
        this.batches = batches;
        this.config = config;
        this.lease = lease;
    }

    @Scheduled(every = "${murmur.settlement.driver-interval:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        if (!config.driverEnabled()) {
            return;
        }
        try {
            if (lease.holds() && batches.openBatch().isPresent()) {
                batches.advanceOpen();
            }
        } catch (RuntimeException e) {
            LOG.warnf("settlement driver: %s", e.getMessage());
        }
    }
}
