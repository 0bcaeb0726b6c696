package dev.murmur.audit;

import dev.murmur.chain.Calldata;
import dev.murmur.chain.ChainClient;
import dev.murmur.chain.ChainException;
import dev.murmur.chain.TransactionRequest;
import dev.murmur.problem.ApiException;
import dev.murmur.problem.ProblemType;
import dev.murmur.settlement.batch.Batch;
import dev.murmur.settlement.batch.BatchLive;
import dev.murmur.settlement.batch.BatchService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.murmur.common.SqlRows.nullableNumber;
import static dev.murmur.common.SqlRows.number;

/**
 * What anyone can check about every batch: the public list, each batch's live status, the audit's
 * checks run now against the chain, the commands to run the same checks independently, and for an
 * auditor the veto as an unsigned transaction for their own wallet (the server never holds that key).
 *
 * <p>Flags name what does not add up between the chain and Murmur's records, from the chain
 * listener's {@code BatchSettled} logs: {@code foreign} (a batch on the contract Murmur never
 * submitted), {@code root-mismatch} and {@code total-mismatch} (the chain holds other numbers than
 * Murmur's batch). The list is open, so later detectors (the hardening branch's listener checks) add
 * names without changing the shape (decision 0906).
 */
@ApplicationScoped
public class TransparencyService {

    public static final String FOREIGN = "foreign";
    public static final String ROOT_MISMATCH = "root-mismatch";
    public static final String TOTAL_MISMATCH = "total-mismatch";

    /**
     * One batch as the public sees it; {@code chainBatchId} is the contract's batch id (the one in the
     * audit command), {@code batchId} Murmur's own (null for a foreign batch).
     *
     * @param challengeWindowEndsAt when the batch becomes claimable unless vetoed
     * @param manifestUrl           the published manifest, byte for byte as hashed on chain
     */
    public record PublicBatch(long chainBatchId, Long batchId, String status, String root, String cumulativeTotal, String deltaTotal,
                              int creators, String txHash, Long blockNumber, Instant submittedAt, Instant challengeWindowEndsAt,
                              String manifestHash, String manifestUrl, List<String> flags) {
    }

    /** The commands that check a batch without trusting Murmur. */
    public record Verify(String auditCommand, String merkleTreeSnippet, String manifestUrl) {
    }

    public record BatchPage(PublicBatch batch, BatchLive.LiveStatus live, BatchAudit.Report audit, String auditError, Verify verify) {
    }

    /** The veto for the auditor's own wallet, while the window is open. */
    public record VetoTransaction(long chainBatchId, Instant challengeWindowEndsAt, long windowSecondsLeft, TransactionRequest transaction) {
    }

    private final BatchService batches;
    private final BatchLive lives;
    private final AuditService audits;
    private final EntityManager em;
    private final TransparencyConfig config;

    public TransparencyService(BatchService batches, BatchLive lives, AuditService audits, EntityManager em, TransparencyConfig config) {
        this.batches = batches;
        this.lives = lives;
        this.audits = audits;
        this.em = em;
        this.config = config;
    }

    private record Settled(long chainBatchId, String root, BigDecimal cumulative, String txHash, long block, String manifestHash,
                           Long claimableAt) {
    }

    /** Every batch submitted on the application's contract, and every foreign one the listener saw, newest first. */
    public List<PublicBatch> list() {
        ChainClient chain = batches.chain();
        String contract = chain.payoutsAddress();
        Map<Long, Settled> onChain = settledLogs(chain);
        List<PublicBatch> result = new ArrayList<>();
        Map<Long, Boolean> known = new HashMap<>();
        for (Batch b : batches.list(10_000)) {
            if (!b.contract().equalsIgnoreCase(contract) || b.status() == Batch.Status.DRAFT || b.status() == Batch.Status.DISCARDED
                    || b.status() == Batch.Status.FAILED) {
                continue; // never published: not the public's business (operators see them in their history)
            }
            known.put(b.chainBatchId(), true);
            result.add(of(b, Optional.ofNullable(onChain.get(b.chainBatchId()))));
        }
        onChain.values().stream().filter(s -> !known.containsKey(s.chainBatchId())).forEach(s -> result.add(new PublicBatch(
                s.chainBatchId(), null, "FOREIGN", s.root(), s.cumulative().toPlainString(), null, 0, s.txHash(), s.block(), null,
                s.claimableAt() == null ? null : Instant.ofEpochSecond(s.claimableAt()), s.manifestHash(), null, List.of(FOREIGN))));
        result.sort(Comparator.comparingLong(PublicBatch::chainBatchId).reversed());
        return result;
    }

    public BatchPage page(long chainBatchId) {
        ChainClient chain = batches.chain();
        Optional<Batch> batch = batches.byChainBatchId(chain.payoutsAddress(), chainBatchId);
        Settled settled = settledLogs(chain).get(chainBatchId);
        if (batch.isEmpty()) {
            if (settled == null) {
                throw ApiException.notFound("Published batch " + chainBatchId);
            }
            PublicBatch foreign = list().stream().filter(p -> p.chainBatchId() == chainBatchId).findFirst().orElseThrow();
            return new BatchPage(foreign, null, null, "Murmur never submitted this batch: no manifest to check it against", null);
        }
        Batch b = batch.get();
        BatchAudit.Report report = null;
        String error = null;
        try {
            report = audits.audit(chainBatchId, chain);
        } catch (ChainException e) {
            error = "the chain node could not be reached: " + e.getMessage();
        }
        return new BatchPage(of(b, Optional.ofNullable(settled)), lives.live(b, chain), report, error, verify(b));
    }

    public VetoTransaction vetoTransaction(long chainBatchId) {
        return vetoTransaction(chainBatchId, batches.chain());
    }

    /** The veto of a batch on {@code chain}'s contract; refused with the problems the contract would raise. */
    public VetoTransaction vetoTransaction(long chainBatchId, ChainClient chain) {
        ChainClient.Batch onChain = chain.batch(chainBatchId);
        if (!onChain.exists()) {
            throw ApiException.notFound("Chain batch " + chainBatchId);
        }
        if (onChain.vetoed()) {
            throw new ApiException(ProblemType.BATCH_ALREADY_VETOED, "Chain batch " + chainBatchId + " is already vetoed");
        }
        long chainNow = chain.latestBlockTimestamp();
        if (onChain.claimableAt() <= chainNow) {
            throw new ApiException(ProblemType.VETO_WINDOW_CLOSED, "Chain batch " + chainBatchId + " became claimable at "
                    + Instant.ofEpochSecond(onChain.claimableAt()) + "; its window has closed");
        }
        return new VetoTransaction(chainBatchId, Instant.ofEpochSecond(onChain.claimableAt()), onChain.claimableAt() - chainNow,
                TransactionRequest.of(null, chain.payoutsAddress(), Calldata.veto(chainBatchId), chain.chainId().longValueExact()));
    }

    private Verify verify(Batch b) {
        String base = config.baseUrl().replaceAll("/+$", "");
        String manifest = base + "/api/batches/" + b.chainBatchId() + "/manifest";
        String rpc = config.rpcUrl().orElse("RPC_URL");
        String command = "./murmur audit batch " + b.chainBatchId() + " --rpc " + rpc + " --contract " + b.contract()
                + " --manifest " + manifest + (b.chainBatchId() > 1 ? " --previous " + base + "/api/batches/" + (b.chainBatchId() - 1)
                + "/manifest" : "");
        String snippet = """
                // npm install @openzeppelin/merkle-tree   (Node 18+, as an ES module)
                import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
                const manifest = await (await fetch("%s")).json();
                const tree = StandardMerkleTree.load(manifest.tree);
                tree.validate();
                console.log(tree.root === "%s" ? "root matches batch %d" : "ROOT MISMATCH: " + tree.root);
                for (const [i, [account, amount]] of tree.entries()) console.log(account, amount, tree.getProof(i));
                """.formatted(manifest, b.root(), b.chainBatchId());
        return new Verify(command, snippet, manifest);
    }

    private PublicBatch of(Batch b, Optional<Settled> settled) {
        List<String> flags = new ArrayList<>();
        settled.ifPresent(s -> {
            if (!s.root().equalsIgnoreCase(b.root())) {
                flags.add(ROOT_MISMATCH);
            }
            if (s.cumulative().compareTo(BigDecimal.valueOf(b.cumulativeTotal())) != 0) {
                flags.add(TOTAL_MISMATCH);
            }
        });
        return new PublicBatch(b.chainBatchId(), b.id(), b.status().name(), b.root(), Long.toString(b.cumulativeTotal()),
                Long.toString(b.deltaTotal()), b.creators(), b.txHash(), b.blockNumber(), b.submittedAt(), b.claimableAt(), b.manifestHash(),
                "/api/batches/" + b.chainBatchId() + "/manifest", flags);
    }

    /** BatchSettled logs the chain listener recorded for the application's contract, by chain batch id. */
    private Map<Long, Settled> settledLogs(ChainClient chain) {
        @SuppressWarnings("unchecked")
        List<Tuple> rows = QuarkusTransaction.joiningExisting().call(() -> em.createNativeQuery("""
                        select batch_id, data ->> 'root' as root, cumulative, tx_hash, block_number,
                               data ->> 'manifestHash' as manifest_hash, cast(data ->> 'claimableAt' as bigint) as claimable_at
                        from chain_log where contract = :k and event = 'BatchSettled' and removed_at is null""", Tuple.class)
                .setParameter("k", chain.payoutsAddress()).getResultList());
        Map<Long, Settled> result = new HashMap<>();
        for (Tuple r : rows) {
            result.put(number(r, "batch_id"), new Settled(number(r, "batch_id"), r.get("root", String.class),
                    r.get("cumulative", BigDecimal.class), r.get("tx_hash", String.class), number(r, "block_number"),
                    r.get("manifest_hash", String.class), nullableNumber(r, "claimable_at")));
        }
        return result;
    }
}
