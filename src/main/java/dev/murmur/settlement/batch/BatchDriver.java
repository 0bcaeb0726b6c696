package dev.murmur.settlement.batch;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import dev.murmur.common.LoopGuard;

/**
 * Moves submitted batches on: SUBMITTED -> CONFIRMED -> FINAL (or FAILED, VETOED). Everything it needs
 * is in the database and on the chain, so after a restart it simply carries on where it stopped. A
 * failed tick is LoopGuard's: logged once, counted, readiness DOWN if it repeats.
 */
@ApplicationScoped
public class BatchDriver {

    /** This loop's name in LoopGuard's logs, metric and readiness check. */
    public static final String LOOP = "settlement-driver";

    private final BatchService batches;
    private final SettlementConfig config;
    private final LoopGuard guard;

    public BatchDriver(BatchService batches, SettlementConfig config, LoopGuard guard) {
        this.batches = batches;
        this.config = config;
        this.guard = guard;
    }

    @Scheduled(every = "${murmur.settlement.driver-interval:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        if (!config.driverEnabled()) {
            return;
        }
        guard.run(LOOP, () -> {
            if (batches.openBatch().isPresent()) {
                batches.advanceOpen();
            }
        });
    }
}
