package dev.murmur.settlement.batch;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.murmur.account.service.WalletService;
import dev.murmur.chain.ChainClient;
import dev.murmur.ledger.LedgerQueries;
import dev.murmur.ledger.LedgerAccounts;
import dev.murmur.problem.ApiException;
import dev.murmur.problem.ProblemType;
import dev.murmur.settlement.batch.plan.Entitlement;
import dev.murmur.settlement.batch.plan.EntitlementPlan;
import dev.murmur.settlement.batch.plan.Entitlements;
import dev.murmur.settlement.batch.plan.Manifest;
import dev.murmur.settlement.batch.plan.Preview;
import dev.murmur.period.Period;
import dev.murmur.period.PeriodService;
import dev.murmur.period.RewardPool;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Preview and create (DRAFT): gathers the ledger's balances, the wallets and the latest FINAL batch,
 * hands them to the pure {@link Entitlements} and {@link Manifest}, and stores the result. At most one
 * batch is open: creation serialises on an advisory lock and a unique index backs it up.
 */
@ApplicationScoped
public class BatchPlanner {

    private final BatchRepository repository;
    private final LedgerQueries ledger;
    private final WalletService wallets;
    private final PeriodService periods;
    private final RewardPool rewardPool;
    private final ObjectMapper json;
    private final Clock clock;

    public BatchPlanner(BatchRepository repository, LedgerQueries ledger, WalletService wallets, PeriodService periods,
                        RewardPool rewardPool, ObjectMapper json, Clock clock) {
        this.repository = repository;
        this.ledger = ledger;
        this.wallets = wallets;
        this.periods = periods;
        this.rewardPool = rewardPool;
        this.json = json;
        this.clock = clock;
    }

    Preview preview(ChainClient chain) {
        return QuarkusTransaction.requiringNew().call(() -> compute(chain.payoutsAddress()));
    }

    Batch create(Long operatorId, ChainClient chain) {
        long chainId = chain.chainId().longValueExact();
        String contract = chain.payoutsAddress();
        long onChainLast = chain.lastBatchId();
        return QuarkusTransaction.requiringNew().call(() -> {
            repository.lockCreation();
            Optional<Batch> open = repository.open();
            if (open.isPresent()) {
                throw new ApiException(ProblemType.BATCH_IN_PROGRESS, "Batch " + open.get().id() + " is " + open.get().status()
                        + "; it must end (FINAL, FAILED, VETOED or DISCARDED) before the next one is created");
            }
            if (ledger.total(LedgerAccounts.PENDING) != 0) {
                throw new IllegalStateException("pending settlement amounts without an open batch");
            }
            Preview preview = compute(contract);
            if (preview.deltaTotal() == 0) {
                throw new ApiException(ProblemType.NOTHING_TO_SETTLE, preview.leftOut().isEmpty()
                        ? "No creator has unsettled earnings from a closed period"
                        : "Creators with unsettled earnings have no linked wallet yet (" + preview.leftOut().size() + " left out)");
            }
            if (onChainLast != preview.chainBatchId() - 1) {
                throw new ApiException(ProblemType.CHAIN_OUT_OF_SYNC, "The contract " + contract + " has " + onChainLast
                        + " batches; Murmur expects " + (preview.chainBatchId() - 1));
            }
            Entitlements.requireNeverDecreases(previous(contract), preview.entitlements());
            long id = repository.nextId();
            Instant now = clock.instant();
            Manifest manifest = Manifest.of(json, new Manifest.Header(chainId, contract, preview.chainBatchId(), id,
                    preview.periodsFrom(), preview.periodsThrough(), preview.cumulativeTotal(), preview.cumulativeEscrow(),
                    preview.deltaTotal(), now), preview.entitlements());
            repository.insertDraft(id, preview, chainId, contract, manifest, now, operatorId);
            return repository.require(id);
        });
    }

    /** The plan from the ledger's balances and the latest FINAL batch on the contract. */
    private Preview compute(String contract) {
        EntitlementPlan plan = Entitlements.plan(ledger.creatorTokenBalances(LedgerAccounts.UNSETTLED),
                ledger.creatorTokenBalances(LedgerAccounts.SETTLED), wallets.all(), previous(contract));
        long cumulative = plan.cumulativeTotal();
        String root = plan.entitlements().isEmpty() ? null : Entitlements.tree(plan.entitlements()).rootHex();
        Long through = periods.all().stream().filter(p -> p.status() == Period.Status.CLOSED).mapToLong(Period::id).max().stream()
                .boxed().findFirst().orElse(null);
        Optional<Batch> standing = repository.latestStanding(contract);
        Long from = standing.map(Batch::periodsThrough).map(t -> t + 1).orElse(null);
        long chainBatchId = standing.map(Batch::chainBatchId).orElse(0L) + 1;
        return new Preview(chainBatchId, root, cumulative, plan.deltaTotal(), from, through, plan.entitlements(), plan.leftOut(),
                rewardPool.escrowPart(cumulative));
    }

    private List<Entitlement> previous(String contract) {
        return repository.latestFinal(contract).map(b -> repository.entitlements(b.id())).orElse(List.of());
    }
}
