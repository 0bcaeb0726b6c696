package dev.murmur.settlement.batch;

import dev.murmur.chain.ChainClient;
import dev.murmur.problem.ApiException;
import dev.murmur.problem.ProblemType;
import dev.murmur.settlement.batch.plan.Entitlement;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Settlement batches as the rest of Murmur sees them: reads, the operator's discard and submit request,
 * and the chain operations through {@link #onAppChain()} ({@link ChainBatches}). The parts behind it,
 * each with one job: {@link BatchPlanner} (preview, create), {@code plan/} (pure entitlement maths and
 * manifest), {@link SettleMachine} (submit and the driver's steps), {@link BatchBooking} (ledger entries)
 * and {@link BatchRepository} (SQL). docs/settlement.md has the whole lifecycle.
 *
 * <p>At most one batch is open (DRAFT, SUBMITTED or CONFIRMED); a unique index enforces it.
 */
@ApplicationScoped
public class BatchService {

    private final BatchRepository repository;
    private final BatchPlanner planner;
    private final SettleMachine machine;
    private final BatchBooking booking;
    private final Instance<ChainClient> defaultChain;
    private final Clock clock;

    public BatchService(BatchRepository repository, BatchPlanner planner, SettleMachine machine, BatchBooking booking,
                        Instance<ChainClient> defaultChain, Clock clock) {
        this.repository = repository;
        this.planner = planner;
        this.machine = machine;
        this.booking = booking;
        this.defaultChain = defaultChain;
        this.clock = clock;
    }

    /** The application's chain client (its contract and operator). */
    public ChainClient chain() {
        return defaultChain.get();
    }

    /** Preview, create, submit and advance against the application's chain. */
    public ChainBatches onAppChain() {
        return on(chain());
    }

    /** Preview, create, submit and advance against the given chain client. */
    public ChainBatches on(ChainClient chain) {
        return new ChainBatches(chain, planner, machine);
    }

    /** A DRAFT nobody will submit: discarded, so the next batch can be created. */
    public Batch discard(long id) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Batch b = repository.requireLocked(id);
            if (b.status() == Batch.Status.DISCARDED) {
                return b;
            }
            if (b.status() != Batch.Status.DRAFT) {
                throw new ApiException(ProblemType.BATCH_STATE_CONFLICT, "Batch " + id + " is " + b.status() + "; only a DRAFT can be discarded");
            }
            repository.markDiscarded(id, clock.instant());
            return require(id);
        });
    }

    /**
     * An operator's submit, as the API records it: the DRAFT is marked as requested, and the settler's
     * driver signs and sends it on its next tick (API processes hold no key: decision 0611). Idempotent: a
     * batch already requested or submitted is returned as it is.
     */
    public Batch requestSubmit(long id, Long operatorId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Batch b = repository.requireLocked(id);
            switch (b.status()) {
                case SUBMITTED, CONFIRMED, FINAL -> {
                    return b;
                }
                case DRAFT -> {
                }
                default -> throw new ApiException(ProblemType.BATCH_STATE_CONFLICT, "Batch " + id + " is " + b.status()
                        + "; its amounts roll into the next batch");
            }
            repository.markSubmitRequested(id, clock.instant(), operatorId);
            return require(id);
        });
    }

    // ------------------------------------------------------------------ reads

    /**
     * The period a batch's ledger entries count in: the last period it covers, or, for a batch of
     * tips and withdrawals only (no period closed yet), the open period in which it happens.
     */
    public long ledgerPeriod(Batch batch) {
        return booking.ledgerPeriod(batch);
    }

    public Batch require(long id) {
        return repository.require(id);
    }

    public List<Batch> list(int limit) {
        return repository.latest(limit);
    }

    public Optional<Batch> openBatch() {
        return repository.open();
    }

    /** The latest FINAL batch on a contract: the cumulative amounts every later batch there starts from. */
    public Optional<Batch> latestFinal(String contract) {
        return repository.latestFinal(contract);
    }

    /** The batch that holds a chain batch id on a contract (submitted or later, not FAILED). */
    public Optional<Batch> byChainBatchId(String contract, long chainBatchId) {
        return repository.byChainBatchId(contract, chainBatchId);
    }

    public List<Entitlement> entitlements(long batchId) {
        return repository.entitlements(batchId);
    }

    /**
     * The published manifest of a chain batch id of the application's contract, byte for byte as
     * hashed: the batch that was submitted with that id (not a DRAFT, not FAILED).
     */
    public String manifest(long chainBatchId) {
        return repository.publishedManifest(chain().payoutsAddress(), chainBatchId)
                .orElseThrow(() -> ApiException.notFound("Published manifest of batch " + chainBatchId));
    }

    /** Any batch's manifest, for operators (DRAFTs included). */
    public String manifestOf(long id) {
        require(id);
        return repository.manifest(id).orElseThrow();
    }
}
