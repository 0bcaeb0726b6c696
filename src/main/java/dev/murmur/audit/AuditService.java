package dev.murmur.audit;

import dev.murmur.chain.ChainClient;
import dev.murmur.chain.ChainException;
import dev.murmur.problem.ApiException;
import dev.murmur.problem.ProblemType;
import dev.murmur.settlement.batch.Batch;
import dev.murmur.settlement.batch.BatchService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The auditor API's side: the same checks as the CLI (with the ledger), and vetoes inside the window. */
@ApplicationScoped
public class AuditService {

    /** The outcome of a veto: the transaction, and the batch as Murmur now sees it. */
    public record Veto(long chainBatchId, String transactionHash, long blockNumber, Long batch, String status) {
    }

    private final BatchService batches;
    private final EntityManager em;

    public AuditService(BatchService batches, EntityManager em) {
        this.batches = batches;
        this.em = em;
    }

    public BatchAudit.Report audit(long chainBatchId) {
        return audit(chainBatchId, batches.chain());
    }

    public BatchAudit.Report audit(long chainBatchId, ChainClient chain) {
        String contract = chain.payoutsAddress();
        Batch batch = batches.byChainBatchId(contract, chainBatchId)
                .orElseThrow(() -> ApiException.notFound("Published batch " + chainBatchId + " on " + contract));
        String manifest = batches.manifestOf(batch.id());
        Optional<String> previous = batches.byChainBatchId(contract, chainBatchId - 1).map(b -> batches.manifestOf(b.id()));
        BatchAudit.ChainFacts facts = AuditFacts.read(chain, chainBatchId);
        return BatchAudit.audit(chainBatchId, manifest, previous, facts, Optional.of(ledger(contract, chainBatchId)));
    }

    Map<Long, BigInteger> ledger(String contract, long n) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = QuarkusTransaction.joiningExisting().call(() -> em.createNativeQuery(LedgerReconciliation.SQL)
                .setParameter(1, contract).setParameter(2, n).setParameter(3, contract).setParameter(4, n).getResultList());
        Map<Long, BigInteger> result = new HashMap<>();
        rows.forEach(r -> result.put(((Number) r[0]).longValue(), new BigInteger(r[1].toString())));
        return result;
    }

    public Veto veto(long chainBatchId) {
        return veto(chainBatchId, batches.chain());
    }

    /** Vetoes through the contract with the auditor key; refused with a problem when the contract would refuse it. */
    public Veto veto(long chainBatchId, ChainClient chain) {
        ChainClient.Batch onChain = chain.batch(chainBatchId);
        if (!onChain.exists()) {
            throw ApiException.notFound("Chain batch " + chainBatchId);
        }
        if (onChain.vetoed()) {
            throw new ApiException(ProblemType.BATCH_ALREADY_VETOED, "Chain batch " + chainBatchId + " is already vetoed");
        }
        if (onChain.claimableAt() <= chain.latestBlockTimestamp()) {
            throw new ApiException(ProblemType.VETO_WINDOW_CLOSED, "Chain batch " + chainBatchId + " became claimable at "
                    + onChain.claimableAt() + " (chain time); its window has closed");
        }
        ChainClient.Receipt receipt = chain.veto(chainBatchId);
        if (!receipt.success()) {
            String reason = String.valueOf(receipt.revertReason());
            throw new ApiException(reason.contains("WindowClosed") ? ProblemType.VETO_WINDOW_CLOSED
                    : reason.contains("AlreadyVetoed") ? ProblemType.BATCH_ALREADY_VETOED : ProblemType.CHAIN_UNAVAILABLE,
                    "veto of chain batch " + chainBatchId + " reverted in " + receipt.transactionHash() + ": " + reason);
        }
        Optional<Batch> batch = batches.byChainBatchId(chain.payoutsAddress(), chainBatchId);
        Optional<Batch> after = batch.map(b -> {
            try {
                return batches.advance(b.id(), chain);
            } catch (ChainException e) {
                return b;
            }
        });
        return new Veto(chainBatchId, receipt.transactionHash(), receipt.blockNumber(), after.map(Batch::id).orElse(null),
                after.map(b -> b.status().name()).orElse(null));
    }
}
