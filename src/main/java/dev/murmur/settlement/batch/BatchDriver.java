package dev.murmur.settlement.batch;

import dev.murmur.settlement.settler.SettlerLease;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import dev.murmur.common.LoopGuard;

/**
 * The settler's batch driver: signs and sends the batches operators asked to submit, and moves submitted
 * batches on: SUBMITTED -> CONFIRMED -> FINAL (or FAILED, VETOED). It runs only while this process holds
 * the settler lease, so a second settler settles nothing. Everything it needs is in the database and on
 * the chain, so after a restart it simply carries on where it stopped.
 * A failed tick is LoopGuard's: logged once, counted, readiness DOWN if it repeats.
 */
@ApplicationScoped
public class BatchDriver {

    /** This loop's name in LoopGuard's logs, metric and readiness check. */
    public static final String LOOP = "settlement-driver";

    private final BatchService batches;
    private final SettlementConfig config;
    private final LoopGuard guard;
    private final SettlerLease lease;

    public BatchDriver(BatchService batches, SettlementConfig config, LoopGuard guard, SettlerLease lease) {
        this.batches = batches;
        this.config = config;
        this.guard = guard;
        this.lease = lease;
    }

    @Scheduled(every = "${murmur.settlement.driver-interval:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        if (!config.driverEnabled()) {
            return;
        }
        guard.run(LOOP, () -> {
            if (lease.holds() && batches.openBatch().isPresent()) {
                batches.onAppChain().advanceOpen();
            }
        });
    }
}
