package dev.murmur.settlement.batch;

import dev.murmur.chain.ChainClient;

/**
 * When a CONFIRMED batch ends (decision 0614): at the newest block with the configured confirmations
 * (head - confirmations + 1), read the batch's {@code vetoed} flag and compare its {@code claimableAt} with
 * that block's timestamp. Both facts come from the same block, so a veto in a block that a reorg may still
 * drop is not yet counted, and a window is not counted as passed on the strength of a block that may
 * vanish with a veto behind it. Reading "latest" for both (as before) could book FINAL and then see the
 * veto, or the reverse.
 */
public final class Finality {

    public enum Decision { WAIT, FINAL, VETOED }

    private Finality() {
    }

    public static Decision decide(ChainClient chain, long chainBatchId, int confirmations) {
        long head = chain.blockNumber().longValueExact();
        long safe = head - Math.max(1, confirmations) + 1;
        if (safe < 0) {
            return Decision.WAIT;
        }
        ChainClient.Batch atSafe = chain.batchAt(chainBatchId, safe);
        if (!atSafe.exists()) {
            return Decision.WAIT; // the settle itself is not yet that deep
        }
        if (atSafe.vetoed()) {
            return Decision.VETOED;
        }
        return atSafe.claimableAt() <= chain.blockTimestamp(safe) ? Decision.FINAL : Decision.WAIT;
    }
}
