package dev.murmur.settlement.batch;

import dev.murmur.chain.ChainClient;
import dev.murmur.chain.ChainConfig;
import dev.murmur.chain.ChainException;
import dev.murmur.problem.ApiException;
import dev.murmur.problem.ProblemType;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The settle state machine: DRAFT -> SUBMITTED -> CONFIRMED -> FINAL, or FAILED and VETOED.
 * docs/settlement.md has the whole lifecycle. Reached through {@link ChainBatches}, which binds the chain.
 *
 * <p>Rules that keep money from being lost or doubled:
 * <ul>
 *   <li>A settle transaction is signed and stored in the same database transaction that moves the batch
 *       to SUBMITTED and books its amounts as pending; it is broadcast only after that commits.
 *       Concurrent submits serialise on the batch row, and only the one that moved it sends.</li>
 *   <li>A SUBMITTED batch is only ever re-sent as the same stored bytes, replaced at the same nonce, or
 *       re-signed for the same chain batch id and root once its nonce was taken by another
 *       transaction (then none of its earlier transactions can ever be mined).</li>
 *   <li>Amounts move unsettled -> pending (submit) -> settled (final), or back to unsettled (failed or
 *       vetoed), so they roll into the next batch ({@link BatchBooking}).</li>
 * </ul>
 */
@ApplicationScoped
public class SettleMachine {

    private static final Logger LOG = Logger.getLogger(SettleMachine.class);

    private final BatchRepository repository;
    private final BatchBooking booking;
    private final ChainConfig chainConfig;
    private final SettlementConfig config;
    private final Clock clock;

    public SettleMachine(BatchRepository repository, BatchBooking booking, ChainConfig chainConfig, SettlementConfig config,
                         Clock clock) {
        this.repository = repository;
        this.booking = booking;
        this.chainConfig = chainConfig;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Signs the settle transaction, stores it, moves the batch to SUBMITTED and books its amounts as
     * pending, all in one database transaction; then broadcasts. A batch that is already SUBMITTED or
     * later is returned as it is: concurrent or repeated submits send one transaction.
     */
    Batch submit(long id, ChainClient chain) {
        Optional<ChainClient.SignedTransaction> toSend = QuarkusTransaction.requiringNew().call(() -> {
            Batch b = repository.requireLocked(id);
            switch (b.status()) {
                case SUBMITTED, CONFIRMED, FINAL -> {
                    return Optional.empty();
                }
                case DRAFT -> {
                }
                default -> throw new ApiException(ProblemType.BATCH_STATE_CONFLICT, "Batch " + id + " is " + b.status()
                        + "; its amounts roll into the next batch");
            }
            requireSameChain(b, chain);
            long last = chain.lastBatchId();
            if (last != b.chainBatchId() - 1) {
                throw new ApiException(ProblemType.CHAIN_OUT_OF_SYNC, "The contract's last batch is " + last + "; batch " + id
                        + " settles chain batch " + b.chainBatchId() + ". Discard it and create a new one.");
            }
            ChainClient.SignedTransaction tx = chain.signSettle(b.chainBatchId(), b.root(), BigInteger.valueOf(b.cumulativeTotal()),
                    BigInteger.valueOf(b.cumulativeEscrow()), b.manifestHash(), chain.pendingNonce(), Optional.empty());
            Instant now = clock.instant();
            repository.insertTransaction(b.id(), tx, now);
            repository.markSubmitted(id, now, tx.hash());
            booking.pending(b, now);
            return Optional.of(tx);
        });
        toSend.ifPresent(tx -> broadcast(id, tx, chain));
        return repository.require(id);
    }

    /** Sends stored bytes. A failure leaves the batch SUBMITTED; the driver sends again. */
    private ChainClient.SendResult broadcast(long batchId, ChainClient.SignedTransaction tx, ChainClient chain) {
        try {
            ChainClient.SendResult result = chain.sendRaw(tx.raw());
            QuarkusTransaction.requiringNew().run(() -> repository.markBroadcast(tx.hash(), clock.instant()));
            return result;
        } catch (ChainException e) {
            noteError(batchId, "broadcast of " + tx.hash() + " failed: " + e.redactedMessage()); // operators read it through the API
            return null;
        }
    }

    // ------------------------------------------------------------------ the driver's steps

    /**
     * The settler's tick: every DRAFT an operator asked to submit is submitted, and every open batch of the
     * application's contract is advanced one step where it can be.
     */
    void advanceOpen(ChainClient chain) {
        String contract = chain.payoutsAddress();
        for (long id : repository.submitRequested(contract)) {
            try {
                submit(id, chain);
            } catch (ApiException e) {
                noteError(id, "submit refused: " + e.getMessage());
            }
        }
        for (Batch b : repository.latest(100)) {
            if ((b.status() == Batch.Status.SUBMITTED || b.status() == Batch.Status.CONFIRMED) && b.contract().equals(contract)) {
                advance(b.id(), chain);
            }
        }
    }

    /**
     * One step: SUBMITTED -> CONFIRMED (enough confirmations) or FAILED (reverted); CONFIRMED -> FINAL
     * (window passed) or VETOED. Sends the stored transaction again if the node lost it, replaces it
     * if it is stuck. A node that cannot be reached leaves the batch as it is (noted in lastError).
     */
    Batch advance(long id, ChainClient chain) {
        Batch b = repository.require(id);
        try {
            requireSameChain(b, chain);
            if (b.status() == Batch.Status.SUBMITTED) {
                advanceSubmitted(b, chain);
                b = repository.require(id);
            }
            if (b.status() == Batch.Status.CONFIRMED) {
                advanceConfirmed(b, chain);
            }
        } catch (ChainException e) {
            noteError(id, e.redactedMessage()); // operators read it through the API
        }
        return repository.require(id);
    }

    private void advanceSubmitted(Batch b, ChainClient chain) {
        List<StoredTx> txs = repository.transactions(b.id());
        Optional<ChainClient.Receipt> mined = minedReceipt(txs, chain);
        if (mined.isPresent()) {
            ChainClient.Receipt r = mined.get();
            if (!r.success()) {
                end(b.id(), Batch.Status.SUBMITTED, Batch.Status.FAILED, "settle reverted: " + r.revertReason(), r);
                return;
            }
            long confirmations = chain.blockNumber().longValueExact() - r.blockNumber() + 1;
            if (confirmations < chainConfig.confirmations()) {
                return;
            }
            ChainClient.Batch onChain = chain.batch(b.chainBatchId());
            if (!onChain.root().equalsIgnoreCase(b.root()) || onChain.cumulativeTotal().longValueExact() != b.cumulativeTotal()) {
                noteError(b.id(), "receipt " + r.transactionHash() + " is a success, but chain batch " + b.chainBatchId()
                        + " holds root " + onChain.root());
                return;
            }
            QuarkusTransaction.requiringNew().run(() -> {
                Batch locked = repository.requireLocked(b.id());
                if (locked.status() != Batch.Status.SUBMITTED) {
                    return;
                }
                repository.markConfirmed(b.id(), clock.instant(), r, Instant.ofEpochSecond(onChain.claimableAt()));
            });
            return;
        }
        // None of our transactions is mined.
        ChainClient.Batch onChain = chain.batch(b.chainBatchId());
        if (onChain.exists()) {
            if (onChain.root().equalsIgnoreCase(b.root())) {
                noteError(b.id(), "chain batch " + b.chainBatchId() + " is settled with this root; waiting for the receipt");
            } else {
                end(b.id(), Batch.Status.SUBMITTED, Batch.Status.FAILED, "chain batch " + b.chainBatchId()
                        + " was settled by another transaction with root " + onChain.root(), null);
            }
            return;
        }
        StoredTx latest = txs.getLast();
        if (!chain.knowsTransaction(latest.hash())) {
            ChainClient.SendResult result = broadcast(b.id(), latest.signed(), chain);
            if (result == ChainClient.SendResult.NONCE_USED && minedReceipt(txs, chain).isEmpty()) {
                // Another transaction took the nonce, so none of ours can ever be mined: sign again at a fresh nonce.
                resign(b.id(), latest, chain, chain.pendingNonce(), Optional.empty());
            }
        } else if (latest.signedAt().plus(config.replaceAfter()).isBefore(clock.instant())) {
            resign(b.id(), latest, chain, latest.nonce(), Optional.of(latest.signed()));
        }
    }

    private static Optional<ChainClient.Receipt> minedReceipt(List<StoredTx> txs, ChainClient chain) {
        for (StoredTx tx : txs) {
            Optional<ChainClient.Receipt> r = chain.receipt(tx.hash());
            if (r.isPresent()) {
                return r;
            }
        }
        return Optional.empty();
    }

    /** Stores a new signature for the same batch (same chain batch id and root), then sends it. */
    private void resign(long id, StoredTx latest, ChainClient chain, long nonce, Optional<ChainClient.SignedTransaction> replacing) {
        Optional<ChainClient.SignedTransaction> signed = QuarkusTransaction.requiringNew().call(() -> {
            Batch b = repository.requireLocked(id);
            if (b.status() != Batch.Status.SUBMITTED || !latest.hash().equals(b.txHash())) {
                return Optional.empty(); // someone else moved it on
            }
            ChainClient.SignedTransaction tx = chain.signSettle(b.chainBatchId(), b.root(), BigInteger.valueOf(b.cumulativeTotal()),
                    BigInteger.valueOf(b.cumulativeEscrow()), b.manifestHash(), nonce, replacing);
            repository.insertTransaction(id, tx, clock.instant());
            repository.setTxHash(id, tx.hash());
            LOG.infof("batch %d: %s %s at nonce %d as %s", id, replacing.isPresent() ? "replacing" : "re-signing", latest.hash(), nonce, tx.hash());
            return Optional.of(tx);
        });
        signed.ifPresent(tx -> broadcast(id, tx, chain));
    }

    /** FINAL or VETOED, both read at the block with the configured confirmations ({@link Finality}). */
    private void advanceConfirmed(Batch b, ChainClient chain) {
        switch (Finality.decide(chain, b.chainBatchId(), chainConfig.confirmations())) {
            case VETOED -> end(b.id(), Batch.Status.CONFIRMED, Batch.Status.VETOED, "vetoed by an auditor", null);
            case FINAL -> end(b.id(), Batch.Status.CONFIRMED, Batch.Status.FINAL, null, null);
            case WAIT -> {
            }
        }
    }

    /** Ends a batch: FINAL posts its pending amounts as settled; FAILED and VETOED void them back to unsettled. */
    private void end(long id, Batch.Status from, Batch.Status to, String failure, ChainClient.Receipt receipt) {
        QuarkusTransaction.requiringNew().run(() -> {
            Batch b = repository.requireLocked(id);
            if (b.status() != from) {
                return;
            }
            Instant now = clock.instant();
            repository.markEnded(id, to, now, failure, receipt);
            if (to == Batch.Status.FINAL) {
                booking.posted(b, now);
            } else {
                booking.voided(b, now);
            }
            LOG.infof("batch %d (chain batch %d) is %s%s", id, b.chainBatchId(), to, failure == null ? "" : ": " + failure);
        });
    }

    private void noteError(long id, String message) {
        LOG.warnf("batch %d: %s", id, message);
        QuarkusTransaction.requiringNew().run(() -> repository.noteError(id, message));
    }

    private static void requireSameChain(Batch b, ChainClient chain) {
        if (b.chainId() != chain.chainId().longValueExact() || !b.contract().equalsIgnoreCase(chain.payoutsAddress())) {
            throw new ApiException(ProblemType.CHAIN_OUT_OF_SYNC, "Batch " + b.id() + " belongs to contract " + b.contract()
                    + " on chain " + b.chainId() + ", not " + chain.payoutsAddress() + " on chain " + chain.chainId());
        }
    }
}
