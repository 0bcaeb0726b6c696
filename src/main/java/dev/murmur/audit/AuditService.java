package dev.murmur.audit;

import dev.murmur.chain.ChainClient;
import dev.murmur.problem.ApiException;
import dev.murmur.problem.ProblemType;
import dev.murmur.settlement.batch.Batch;
import dev.murmur.settlement.batch.BatchService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.murmur.common.SqlRows.number;

/**
 * The auditor API's side: the same checks as the CLI (with the ledger), and the unsigned veto call an
 * auditor's own wallet signs. Murmur holds no auditor key (decision 0612).
 */
@ApplicationScoped
public class AuditService {

    /**
     * An unsigned veto for the auditor's own wallet: send {@code data} to {@code to} on chain {@code chainId}
     * before {@code claimableAt} (chain time, seconds) from an address with AUDITOR_ROLE.
     */
    public record VetoCall(long chainId, String to, long chainBatchId, String data, long claimableAt) {
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
        List<Tuple> rows = QuarkusTransaction.joiningExisting().call(() -> em.createNativeQuery(LedgerReconciliation.SQL, Tuple.class)
                .setParameter(1, contract).setParameter(2, n).setParameter(3, contract).setParameter(4, n).getResultList());
        Map<Long, BigInteger> result = new HashMap<>();
        rows.forEach(r -> result.put(number(r, "account"), new BigInteger(r.get("cumulative").toString())));
        return result;
    }

    /**
     * What an auditor's own wallet signs to veto chain batch {@code chainBatchId}: the transaction's target
     * and calldata, checked against the contract first. Murmur signs nothing here and holds no auditor key
     * (decision 0612); the auditor sends it from their wallet, or vetoes with {@code ./murmur audit veto}.
     */
    public VetoCall vetoCall(long chainBatchId) {
        ChainClient chain = batches.chain();
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
        return new VetoCall(chain.chainId().longValueExact(), chain.payoutsAddress(), chainBatchId, chain.vetoCalldata(chainBatchId),
                onChain.claimableAt());
    }
}
