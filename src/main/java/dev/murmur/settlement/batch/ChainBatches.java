package dev.murmur.settlement.batch;

import dev.murmur.chain.ChainClient;
import dev.murmur.settlement.batch.plan.Preview;

/**
 * The batch operations that talk to a chain, bound to one {@link ChainClient} once
 * ({@link BatchService#onAppChain()} for the application's, {@link BatchService#on(ChainClient)} for
 * another, e.g. a test's faulty node). Batches remember their chain and contract, and refuse any other.
 */
public final class ChainBatches {

    private final ChainClient chain;
    private final BatchPlanner planner;
    private final SettleMachine machine;

    ChainBatches(ChainClient chain, BatchPlanner planner, SettleMachine machine) {
        this.chain = chain;
        this.planner = planner;
        this.machine = machine;
    }

    /** What a batch created now would hold. */
    public Preview preview() {
        return planner.preview(chain);
    }

    /** Computes the entitlements, builds the tree and stores the batch with its manifest (DRAFT). */
    public Batch create(Long operatorId) {
        return planner.create(operatorId, chain);
    }

    /** Signs, stores and books a DRAFT as SUBMITTED, then broadcasts ({@link SettleMachine#submit}). */
    public Batch submit(long id) {
        return machine.submit(id, chain);
    }

    /** One step of an open batch towards FINAL ({@link SettleMachine#advance}). */
    public Batch advance(long id) {
        return machine.advance(id, chain);
    }

    /** The settler's tick ({@link SettleMachine#advanceOpen}). */
    public void advanceOpen() {
        machine.advanceOpen(chain);
    }
}
