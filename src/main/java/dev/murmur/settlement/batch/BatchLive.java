package dev.murmur.settlement.batch;

import dev.murmur.chain.ChainClient;
import dev.murmur.chain.ChainConfig;
import dev.murmur.chain.ChainException;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;

/** A batch's live status for the operator console and the public batch page (docs/settlement.md, "In the browser"). */
@ApplicationScoped
public class BatchLive {

    /**
     * A batch's live status: confirmations of its settle transaction, the challenge window, and for a
     * batch that failed or was vetoed, why and which later batch carried its amounts.
     *
     * @param windowSecondsLeft seconds until the window ends (0 once it has), by the chain's latest block time
     * @param rolledInto        the first batch created after this one ended: voided amounts return to the
     *                          creators' unsettled balances, and the next batch pays them
     */
    public record LiveStatus(long batchId, long chainBatchId, Batch.Status status, String txHash, Long blockNumber, long confirmations,
                             int confirmationsRequired, Instant challengeWindowEndsAt, long windowSecondsLeft, boolean windowOpen,
                             boolean finalized, String failure, String lastError, Long rolledInto, Long rolledIntoChainBatchId) {
    }

    private final BatchService batches;
    private final ChainConfig chainConfig;
    private final Clock clock;

    public BatchLive(BatchService batches, ChainConfig chainConfig, Clock clock) {
        this.batches = batches;
        this.chainConfig = chainConfig;
        this.clock = clock;
    }

    /** The live status of any batch (operators: drafts and failed ones too). */
    public LiveStatus live(long batchId) {
        return live(batches.require(batchId), batches.chain());
    }

    public LiveStatus live(Batch b, ChainClient chain) {
        long confirmations = 0;
        if (b.blockNumber() != null) {
            try {
                confirmations = Math.max(0, chain.blockNumber().longValueExact() - b.blockNumber() + 1);
            } catch (ChainException e) {
                confirmations = -1; // unknown: the node is down
            }
        }
        // The window is the contract's: measured on chain time when the node answers, else on this clock.
        Instant now;
        try {
            now = Instant.ofEpochSecond(chain.latestBlockTimestamp());
        } catch (ChainException e) {
            now = clock.instant();
        }
        long left = b.claimableAt() == null ? 0 : Math.max(0, Duration.between(now, b.claimableAt()).toSeconds());
        boolean open = (b.status() == Batch.Status.SUBMITTED || b.status() == Batch.Status.CONFIRMED)
                && b.claimableAt() != null && b.claimableAt().isAfter(now);
        Optional<Batch> next = b.status() == Batch.Status.VETOED || b.status() == Batch.Status.FAILED ? rolledInto(b) : Optional.empty();
        return new LiveStatus(b.id(), b.chainBatchId(), b.status(), b.txHash(), b.blockNumber(), confirmations, chainConfig.confirmations(),
                b.claimableAt(), left, open, b.status() == Batch.Status.FINAL, b.failure(), b.lastError(),
                next.map(Batch::id).orElse(null), next.map(Batch::chainBatchId).orElse(null));
    }

    /** The first batch created after {@code b} ended that reached the chain or may still: it carries the voided amounts. */
    private Optional<Batch> rolledInto(Batch b) {
        if (b.endedAt() == null) {
            return Optional.empty();
        }
        return batches.list(10_000).stream()
                .filter(n -> n.id() > b.id() && n.status() != Batch.Status.DISCARDED && n.status() != Batch.Status.FAILED)
                .min(Comparator.comparingLong(Batch::id));
    }

}
