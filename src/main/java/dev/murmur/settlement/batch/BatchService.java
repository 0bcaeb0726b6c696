package dev.murmur.settlement.batch;

import dev.murmur.common.SqlTimes;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.murmur.account.service.WalletService;
import dev.murmur.chain.ChainClient;
import dev.murmur.chain.ChainConfig;
import dev.murmur.chain.ChainException;
import dev.murmur.chain.Keccak;
import dev.murmur.ledger.JournalEntry;
import dev.murmur.ledger.Ledger;
import dev.murmur.ledger.LedgerAccounts;
import dev.murmur.outbox.Outbox;
import dev.murmur.outbox.Topics;
import dev.murmur.problem.ApiException;
import dev.murmur.problem.ProblemType;
import dev.murmur.settlement.merkle.StandardMerkleTree;
import dev.murmur.period.Period;
import dev.murmur.period.PeriodService;
import dev.murmur.period.RewardPool;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Settlement batches: preview, create (DRAFT), submit (SUBMITTED), and the driver's steps to
 * CONFIRMED and FINAL, or FAILED and VETOED. docs/settlement.md has the whole lifecycle.
 *
 * <p>Rules that keep money from being lost or doubled:
 * <ul>
 *   <li>At most one batch is open (DRAFT, SUBMITTED or CONFIRMED); a unique index enforces it.</li>
 *   <li>A settle transaction is signed and stored in the same database transaction that moves the batch
 *       to SUBMITTED and books its amounts as pending; it is broadcast only after that commits.
 *       Concurrent submits serialise on the batch row, and only the one that moved it sends.</li>
 *   <li>A SUBMITTED batch is only ever re-sent as the same stored bytes, replaced at the same nonce, or
 *       re-signed for the same chain batch id and root once its nonce was taken by another
 *       transaction (then none of its earlier transactions can ever be mined).</li>
 *   <li>Amounts move unsettled -> pending (submit) -> settled (final), or back to unsettled (failed or
 *       vetoed), so they roll into the next batch.</li>
 * </ul>
 *
 * <p>Every method that talks to the chain has an overload taking the {@link ChainClient}; the others use
 * the application's client. Batches remember their chain and contract, and refuse any other.
 */
@ApplicationScoped
public class BatchService {

    private static final Logger LOG = Logger.getLogger(BatchService.class);

    public record Entitlement(long accountId, String wallet, long cumulative, long delta) {
    }

    public record LeftOut(long accountId, long unsettled, long settled, String reason) {
    }

    /** What a batch created now would hold. */
    public record Preview(long chainBatchId, String root, long cumulativeTotal, long deltaTotal, Long periodsFrom,
                          Long periodsThrough, List<Entitlement> entitlements, List<LeftOut> leftOut, long cumulativeEscrow) {
    }

    private final EntityManager em;
    private final Ledger ledger;
    private final WalletService wallets;
    private final PeriodService periods;
    private final Instance<ChainClient> defaultChain;
    private final ChainConfig chainConfig;
    private final SettlementConfig config;
    private final ObjectMapper json;
    private final Clock clock;
    private final Outbox outbox;
    private final RewardPool rewardPool;

    public BatchService(EntityManager em, Ledger ledger, WalletService wallets, PeriodService periods,
                        Instance<ChainClient> defaultChain, ChainConfig chainConfig, SettlementConfig config,
                        ObjectMapper json, Clock clock, Outbox outbox, RewardPool rewardPool) {
        this.outbox = outbox;
        this.em = em;
        this.ledger = ledger;
        this.wallets = wallets;
        this.periods = periods;
        this.defaultChain = defaultChain;
        this.chainConfig = chainConfig;
        this.config = config;
        this.json = json;
        this.clock = clock;
        this.rewardPool = rewardPool;
    }

    public ChainClient chain() {
        return defaultChain.get();
    }

    // ------------------------------------------------------------------ preview and create

    public Preview preview() {
        return preview(chain());
    }

    public Preview preview(ChainClient chain) {
        return QuarkusTransaction.requiringNew().call(() -> compute(chain));
    }

    /**
     * Entitlements are per address and per contract (decision 0401): every address of the latest FINAL
     * batch on this contract keeps its cumulative amount, and each creator's unsettled money goes to the
     * creator's current wallet only. So an address a creator left keeps exactly what was settled to it,
     * and money settled on another contract is never owed twice.
     */
    private Preview compute(ChainClient chain) {
        String contract = chain.payoutsAddress();
        Map<Long, String> linked = wallets.all();
        Map<Long, Long> unsettled = ledger.creatorTokenBalances(LedgerAccounts.UNSETTLED);
        Map<Long, Long> settled = ledger.creatorTokenBalances(LedgerAccounts.SETTLED);
        Map<Long, List<Entitlement>> previous = new java.util.HashMap<>();
        latestFinal(contract).ifPresent(b -> entitlements(b.id())
                .forEach(e -> previous.computeIfAbsent(e.accountId(), a -> new ArrayList<>()).add(e)));
        Set<Long> creators = new TreeSet<>(unsettled.keySet());
        creators.addAll(previous.keySet());
        List<Entitlement> entitlements = new ArrayList<>();
        List<LeftOut> leftOut = new ArrayList<>();
        for (long creator : creators) {
            long u = unsettled.getOrDefault(creator, 0L);
            long s = settled.getOrDefault(creator, 0L);
            if (u < 0) {
                throw new IllegalStateException("creator " + creator + " has a negative unsettled balance: " + u);
            }
            String wallet = linked.get(creator);
            if (wallet == null && u > 0) {
                leftOut.add(new LeftOut(creator, u, s, "no-wallet"));
            }
            List<Entitlement> rows = new ArrayList<>();
            boolean paid = false;
            for (Entitlement before : previous.getOrDefault(creator, List.of())) {
                long add = before.wallet().equals(wallet) ? u : 0;
                paid |= add > 0;
                rows.add(new Entitlement(creator, before.wallet(), Math.addExact(before.cumulative(), add), add));
            }
            if (wallet != null && u > 0 && !paid) {
                rows.add(new Entitlement(creator, wallet, u, u));
            }
            rows.sort(java.util.Comparator.comparing(Entitlement::wallet));
            entitlements.addAll(rows);
        }
        long cumulative = entitlements.stream().mapToLong(Entitlement::cumulative).reduce(0, Math::addExact);
        long delta = entitlements.stream().mapToLong(Entitlement::delta).reduce(0, Math::addExact);
        String root = entitlements.isEmpty() ? null : tree(entitlements).rootHex();
        Long through = periods.all().stream().filter(p -> p.status() == Period.Status.CLOSED).mapToLong(Period::id).max().stream()
                .boxed().findFirst().orElse(null);
        Optional<Batch> standing = latestStanding(contract);
        Long from = standing.map(Batch::periodsThrough).map(t -> t + 1).orElse(null);
        long chainBatchId = standing.map(Batch::chainBatchId).orElse(0L) + 1;
        return new Preview(chainBatchId, root, cumulative, delta, from, through, entitlements, leftOut,
                rewardPool.escrowPart(cumulative));
    }

    public static StandardMerkleTree tree(List<Entitlement> entitlements) {
        return StandardMerkleTree.of(entitlements.stream()
                .map(e -> new StandardMerkleTree.Leaf(e.wallet(), BigInteger.valueOf(e.cumulative()))).toList());
    }

    /** Computes the entitlements, builds the tree and stores the batch with its manifest (DRAFT). */
    public Batch create(Long operatorId) {
        return create(operatorId, chain());
    }

    public Batch create(Long operatorId, ChainClient chain) {
        long chainId = chain.chainId().longValueExact();
        String contract = chain.payoutsAddress();
        long onChainLast = chain.lastBatchId();
        return QuarkusTransaction.requiringNew().call(() -> {
            em.createNativeQuery("select pg_advisory_xact_lock(hashtext('settlement-batch'))").getSingleResult();
            Optional<Batch> open = openBatch();
            if (open.isPresent()) {
                throw new ApiException(ProblemType.BATCH_IN_PROGRESS, "Batch " + open.get().id() + " is " + open.get().status()
                        + "; it must end (FINAL, FAILED, VETOED or DISCARDED) before the next one is created");
            }
            if (ledger.creatorTokenTotal(LedgerAccounts.PENDING) != 0) {
                throw new IllegalStateException("pending settlement amounts without an open batch");
            }
            Preview preview = compute(chain);
            if (preview.deltaTotal() == 0) {
                throw new ApiException(ProblemType.NOTHING_TO_SETTLE, preview.leftOut().isEmpty()
                        ? "No creator has unsettled earnings from a closed period"
                        : "Creators with unsettled earnings have no linked wallet yet (" + preview.leftOut().size() + " left out)");
            }
            if (onChainLast != preview.chainBatchId() - 1) {
                throw new ApiException(ProblemType.CHAIN_OUT_OF_SYNC, "The contract " + contract + " has " + onChainLast
                        + " batches; Murmur expects " + (preview.chainBatchId() - 1));
            }
            requireNeverDecreases(contract, preview.entitlements());
            long id = ((Number) em.createNativeQuery("select coalesce(max(id), 0) + 1 from settlement_batch").getSingleResult()).longValue();
            Instant now = clock.instant();
            String manifest = manifest(preview, id, chainId, contract, now);
            String manifestHash = Keccak.hashText(manifest);
            em.createNativeQuery("""
                            insert into settlement_batch (id, chain_batch_id, status, chain_id, contract, root, cumulative_total,
                                delta_total, periods_from, periods_through, manifest, manifest_hash, created_at, created_by,
                                cumulative_escrow)
                            values (:id, :cb, 'DRAFT', :chain, :contract, :root, :total, :delta, :from, :through, :manifest, :hash, :now, :by,
                                :escrow)""")
                    .setParameter("id", id).setParameter("cb", preview.chainBatchId()).setParameter("chain", chainId)
                    .setParameter("contract", contract).setParameter("root", preview.root())
                    .setParameter("total", preview.cumulativeTotal()).setParameter("delta", preview.deltaTotal())
                    .setParameter("from", preview.periodsFrom()).setParameter("through", preview.periodsThrough())
                    .setParameter("manifest", manifest).setParameter("hash", manifestHash).setParameter("now", now)
                    .setParameter("by", operatorId).setParameter("escrow", preview.cumulativeEscrow()).executeUpdate();
            for (Entitlement e : preview.entitlements()) {
                em.createNativeQuery("""
                                insert into settlement_entitlement (batch_id, account_id, wallet, cumulative, delta)
                                values (:b, :a, :w, :c, :d)""")
                        .setParameter("b", id).setParameter("a", e.accountId()).setParameter("w", e.wallet())
                        .setParameter("c", e.cumulative()).setParameter("d", e.delta()).executeUpdate();
            }
            return require(id);
        });
    }

    /** Belt and braces: no address's cumulative amount is below the one in the last FINAL batch on this contract. */
    private void requireNeverDecreases(String contract, List<Entitlement> entitlements) {
        Map<String, Long> now = new LinkedHashMap<>();
        entitlements.forEach(e -> now.put(e.wallet(), e.cumulative()));
        for (Entitlement before : latestFinal(contract).map(b -> entitlements(b.id())).orElse(List.of())) {
            if (now.getOrDefault(before.wallet(), 0L) < before.cumulative()) {
                throw new IllegalStateException("cumulative entitlement of " + before.wallet() + " (account " + before.accountId()
                        + ") would fall from " + before.cumulative() + " to " + now.get(before.wallet()));
            }
        }
    }

    private String manifest(Preview p, long id, long chainId, String contract, Instant now) {
        StandardMerkleTree tree = tree(p.entitlements());
        List<Map<String, Object>> values = new ArrayList<>();
        for (int i = 0; i < tree.values().size(); i++) {
            StandardMerkleTree.Leaf leaf = tree.values().get(i);
            values.add(ordered("value", List.of(leaf.account(), leaf.amount().toString()), "treeIndex", tree.treeIndexOf(i)));
        }
        List<Map<String, Object>> creators = p.entitlements().stream()
                .map(e -> ordered("account", e.accountId(), "wallet", e.wallet(), "cumulative", Long.toString(e.cumulative()),
                        "delta", Long.toString(e.delta()))).toList();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", "murmur-settlement-v1");
        m.put("chainId", chainId);
        m.put("contract", contract);
        m.put("batchId", p.chainBatchId());
        m.put("murmurBatch", id);
        m.put("periods", ordered("from", p.periodsFrom(), "through", p.periodsThrough()));
        m.put("root", p.root());
        m.put("cumulativeTotal", Long.toString(p.cumulativeTotal()));
        m.put("cumulativeEscrow", Long.toString(p.cumulativeEscrow()));
        m.put("deltaTotal", Long.toString(p.deltaTotal()));
        m.put("createdAt", now.toString());
        m.put("entitlements", creators);
        m.put("tree", ordered("format", "standard-v1", "leafEncoding", List.of("address", "uint256"), "tree", tree.treeHex(),
                "values", values));
        try {
            return json.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** A DRAFT nobody will submit: discarded, so the next batch can be created. */
    public Batch discard(long id) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Batch b = lock(id);
            if (b.status() == Batch.Status.DISCARDED) {
                return b;
            }
            if (b.status() != Batch.Status.DRAFT) {
                throw new ApiException(ProblemType.BATCH_STATE_CONFLICT, "Batch " + id + " is " + b.status() + "; only a DRAFT can be discarded");
            }
            em.createNativeQuery("update settlement_batch set status = 'DISCARDED', ended_at = :now where id = :id")
                    .setParameter("now", clock.instant()).setParameter("id", id).executeUpdate();
            return require(id);
        });
    }

    // ------------------------------------------------------------------ submit

    /**
     * An operator's submit, as the API records it: the DRAFT is marked as requested, and the settler's
     * driver signs and sends it on its next tick (API processes hold no key: decision 0611). Idempotent: a
     * batch already requested or submitted is returned as it is.
     */
    public Batch requestSubmit(long id, Long operatorId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Batch b = lock(id);
            switch (b.status()) {
                case SUBMITTED, CONFIRMED, FINAL -> {
                    return b;
                }
                case DRAFT -> {
                }
                default -> throw new ApiException(ProblemType.BATCH_STATE_CONFLICT, "Batch " + id + " is " + b.status()
                        + "; its amounts roll into the next batch");
            }
            em.createNativeQuery("""
                            update settlement_batch set submit_requested_at = coalesce(submit_requested_at, :now),
                                submit_requested_by = coalesce(submit_requested_by, :by) where id = :id""")
                    .setParameter("now", clock.instant()).setParameter("by", operatorId).setParameter("id", id).executeUpdate();
            return require(id);
        });
    }

    /**
     * Signs the settle transaction, stores it, moves the batch to SUBMITTED and books its amounts as
     * pending, all in one database transaction; then broadcasts. A batch that is already SUBMITTED or
     * later is returned as it is: concurrent or repeated submits send one transaction.
     */
    public Batch submit(long id, ChainClient chain) {
        Optional<ChainClient.SignedTransaction> toSend = QuarkusTransaction.requiringNew().call(() -> {
            Batch b = lock(id);
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
            storeTransaction(b.id(), tx, now);
            em.createNativeQuery("update settlement_batch set status = 'SUBMITTED', submitted_at = :now, tx_hash = :tx where id = :id")
                    .setParameter("now", now).setParameter("tx", tx.hash()).setParameter("id", id).executeUpdate();
            book(b, JournalEntry.Kind.SETTLEMENT_PENDING, LedgerAccounts::creatorUnsettled, LedgerAccounts::creatorPending, now);
            return Optional.of(tx);
        });
        toSend.ifPresent(tx -> broadcast(id, tx, chain));
        return require(id);
    }

    private List<Long> submitRequested(String contract) {
        @SuppressWarnings("unchecked")
        List<Number> ids = QuarkusTransaction.joiningExisting().call(() -> em.createNativeQuery("""
                        select id from settlement_batch where status = 'DRAFT' and submit_requested_at is not null and contract = :c
                        order by id""").setParameter("c", contract).getResultList());
        return ids.stream().map(Number::longValue).toList();
    }

    private void storeTransaction(long batchId, ChainClient.SignedTransaction tx, Instant now) {
        em.createNativeQuery("""
                        insert into settlement_tx (tx_hash, batch_id, nonce, raw, max_fee_per_gas, max_priority_fee_per_gas, signed_at)
                        values (:h, :b, :n, :raw, :fee, :tip, :now)""")
                .setParameter("h", tx.hash()).setParameter("b", batchId).setParameter("n", tx.nonce()).setParameter("raw", tx.raw())
                .setParameter("fee", new java.math.BigDecimal(tx.maxFeePerGas())).setParameter("tip", new java.math.BigDecimal(tx.maxPriorityFeePerGas()))
                .setParameter("now", now).executeUpdate();
    }

    /** Sends stored bytes. A failure leaves the batch SUBMITTED; the driver sends again. */
    private ChainClient.SendResult broadcast(long batchId, ChainClient.SignedTransaction tx, ChainClient chain) {
        try {
            ChainClient.SendResult result = chain.sendRaw(tx.raw());
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                            "update settlement_tx set broadcast_at = coalesce(broadcast_at, :now) where tx_hash = :h")
                    .setParameter("now", clock.instant()).setParameter("h", tx.hash()).executeUpdate());
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
    public void advanceOpen() {
        ChainClient chain = chain();
        String contract = chain.payoutsAddress();
        for (long id : submitRequested(contract)) {
            try {
                submit(id, chain);
            } catch (ApiException e) {
                noteError(id, "submit refused: " + e.getMessage());
            }
        }
        for (Batch b : list(100)) {
            if ((b.status() == Batch.Status.SUBMITTED || b.status() == Batch.Status.CONFIRMED) && b.contract().equals(contract)) {
                advance(b.id(), chain);
            }
        }
    }

    public Batch advance(long id) {
        return advance(id, chain());
    }

    /**
     * One step: SUBMITTED -> CONFIRMED (enough confirmations) or FAILED (reverted); CONFIRMED -> FINAL
     * (window passed) or VETOED. Sends the stored transaction again if the node lost it, replaces it
     * if it is stuck. A node that cannot be reached leaves the batch as it is (noted in lastError).
     */
    public Batch advance(long id, ChainClient chain) {
        Batch b = require(id);
        try {
            requireSameChain(b, chain);
            if (b.status() == Batch.Status.SUBMITTED) {
                advanceSubmitted(b, chain);
                b = require(id);
            }
            if (b.status() == Batch.Status.CONFIRMED) {
                advanceConfirmed(b, chain);
            }
        } catch (ChainException e) {
            noteError(id, e.redactedMessage()); // operators read it through the API
        }
        return require(id);
    }

    private record StoredTx(String hash, long nonce, String raw, BigInteger maxFee, BigInteger tip, Instant signedAt) {
        ChainClient.SignedTransaction signed() {
            return new ChainClient.SignedTransaction(raw, hash, nonce, maxFee, tip);
        }
    }

    private List<StoredTx> transactions(long batchId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = QuarkusTransaction.joiningExisting().call(() -> em.createNativeQuery("""
                        select tx_hash, nonce, raw, max_fee_per_gas, max_priority_fee_per_gas, signed_at
                        from settlement_tx where batch_id = :b order by signed_at, tx_hash""")
                .setParameter("b", batchId).getResultList());
        return rows.stream().map(r -> new StoredTx((String) r[0], ((Number) r[1]).longValue(), (String) r[2],
                ((java.math.BigDecimal) r[3]).toBigIntegerExact(), ((java.math.BigDecimal) r[4]).toBigIntegerExact(), SqlTimes.instant(r[5]))).toList();
    }

    private void advanceSubmitted(Batch b, ChainClient chain) {
        List<StoredTx> txs = transactions(b.id());
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
                Batch locked = lock(b.id());
                if (locked.status() != Batch.Status.SUBMITTED) {
                    return;
                }
                em.createNativeQuery("""
                                update settlement_batch set status = 'CONFIRMED', confirmed_at = :now, tx_hash = :tx, block_number = :block,
                                    gas_used = :gas, claimable_at = :claimable, last_error = null where id = :id""")
                        .setParameter("now", clock.instant()).setParameter("tx", r.transactionHash()).setParameter("block", r.blockNumber())
                        .setParameter("gas", r.gasUsed()).setParameter("claimable", Instant.ofEpochSecond(onChain.claimableAt()))
                        .setParameter("id", b.id()).executeUpdate();
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
            Batch b = lock(id);
            if (b.status() != Batch.Status.SUBMITTED || !latest.hash().equals(b.txHash())) {
                return Optional.empty(); // someone else moved it on
            }
            ChainClient.SignedTransaction tx = chain.signSettle(b.chainBatchId(), b.root(), BigInteger.valueOf(b.cumulativeTotal()),
                    BigInteger.valueOf(b.cumulativeEscrow()), b.manifestHash(), nonce, replacing);
            storeTransaction(id, tx, clock.instant());
            em.createNativeQuery("update settlement_batch set tx_hash = :tx where id = :id")
                    .setParameter("tx", tx.hash()).setParameter("id", id).executeUpdate();
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
            Batch b = lock(id);
            if (b.status() != from) {
                return;
            }
            Instant now = clock.instant();
            em.createNativeQuery("""
                            update settlement_batch set status = :to, ended_at = :now, failure = :failure, last_error = null,
                                tx_hash = coalesce(:tx, tx_hash), block_number = coalesce(:block, block_number),
                                gas_used = coalesce(:gas, gas_used) where id = :id""")
                    .setParameter("to", to.name()).setParameter("now", now).setParameter("failure", truncate(failure))
                    .setParameter("tx", receipt == null ? null : receipt.transactionHash())
                    .setParameter("block", receipt == null ? null : receipt.blockNumber())
                    .setParameter("gas", receipt == null ? null : receipt.gasUsed())
                    .setParameter("id", id).executeUpdate();
            if (to == Batch.Status.FINAL) {
                book(b, JournalEntry.Kind.SETTLEMENT_POSTED, LedgerAccounts::creatorPending, LedgerAccounts::creatorSettled, now);
                settledEvents(b, now);
            } else {
                book(b, JournalEntry.Kind.SETTLEMENT_VOIDED, LedgerAccounts::creatorPending, LedgerAccounts::creatorUnsettled, now);
            }
            LOG.infof("batch %d (chain batch %d) is %s%s", id, b.chainBatchId(), to, failure == null ? "" : ": " + failure);
        });
    }

    /** Tells each account what the batch settled for it (notifications), in the transaction that posts it as settled. */
    private void settledEvents(Batch b, Instant now) {
        deltas(b).forEach((account, amount) -> {
            EarningsSettledEvent event = new EarningsSettledEvent(EarningsSettledEvent.SCHEMA_VERSION, b.id(), b.chainBatchId(),
                    account, amount, now);
            outbox.append(EarningsSettledEvent.eventId(b.id(), account), Topics.SETTLEMENTS, event.key(),
                    EarningsSettledEvent.TYPE, event.subject(), event);
        });
    }

    /** Each account's positive deltas in the batch, summed over its wallets. */
    private Map<Long, Long> deltas(Batch b) {
        Map<Long, Long> deltas = new java.util.TreeMap<>();
        for (Entitlement e : entitlements(b.id())) {
            if (e.delta() > 0) {
                deltas.merge(e.accountId(), e.delta(), Math::addExact);
            }
        }
        return deltas;
    }

    /** One balanced entry moving each creator's delta from one account to another; its event id is stable per batch and kind. */
    private void book(Batch b, JournalEntry.Kind kind, java.util.function.LongFunction<String> from,
                      java.util.function.LongFunction<String> to, Instant now) {
        Map<Long, Long> deltas = deltas(b);
        List<JournalEntry.Posting> postings = new ArrayList<>();
        deltas.forEach((account, delta) -> {
            postings.add(new JournalEntry.Posting(from.apply(account), LedgerAccounts.TOKEN, -delta));
            postings.add(new JournalEntry.Posting(to.apply(account), LedgerAccounts.TOKEN, delta));
        });
        UUID eventId = UUID.nameUUIDFromBytes((kind.name() + ":settlement-batch:" + b.id()).getBytes(StandardCharsets.UTF_8));
        ledger.record(List.of(new JournalEntry(kind, eventId, ledgerPeriod(b), now,
                Map.of("batch", b.id(), "chainBatchId", b.chainBatchId(), "root", b.root()), postings)));
    }

    private void noteError(long id, String message) {
        LOG.warnf("batch %d: %s", id, message);
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("update settlement_batch set last_error = :e where id = :id")
                .setParameter("e", truncate(message)).setParameter("id", id).executeUpdate());
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 1000 ? s : s.substring(0, 1000);
    }

    private static void requireSameChain(Batch b, ChainClient chain) {
        if (b.chainId() != chain.chainId().longValueExact() || !b.contract().equalsIgnoreCase(chain.payoutsAddress())) {
            throw new ApiException(ProblemType.CHAIN_OUT_OF_SYNC, "Batch " + b.id() + " belongs to contract " + b.contract()
                    + " on chain " + b.chainId() + ", not " + chain.payoutsAddress() + " on chain " + chain.chainId());
        }
    }

    // ------------------------------------------------------------------ reads

    private static final String COLUMNS = """
            select b.id, b.chain_batch_id, b.status, b.chain_id, b.contract, b.root, b.cumulative_total, b.delta_total,
                   b.periods_from, b.periods_through, b.manifest_hash,
                   (select count(*) from settlement_entitlement e where e.batch_id = b.id),
                   b.created_at, b.submitted_at, b.confirmed_at, b.ended_at, b.tx_hash, b.block_number, b.gas_used,
                   b.claimable_at, b.failure, b.last_error, b.cumulative_escrow, b.submit_requested_at
            from settlement_batch b""";

    /**
     * The period a batch's ledger entries count in: the last period it covers, or, for a batch of
     * tips and withdrawals only (no period closed yet), the open period in which it happens.
     */
    public long ledgerPeriod(Batch batch) {
        return batch.periodsThrough() != null ? batch.periodsThrough() : periods.current().id();
    }

    public Batch require(long id) {
        return query(COLUMNS + " where b.id = " + id).stream().findFirst()
                .orElseThrow(() -> ApiException.notFound("Settlement batch " + id));
    }

    private Batch lock(long id) {
        List<?> found = em.createNativeQuery("select id from settlement_batch where id = :id for update").setParameter("id", id).getResultList();
        if (found.isEmpty()) {
            throw ApiException.notFound("Settlement batch " + id);
        }
        return require(id);
    }

    public List<Batch> list(int limit) {
        return query(COLUMNS + " order by b.id desc limit " + limit);
    }

    public Optional<Batch> openBatch() {
        return query(COLUMNS + " where b.status in ('DRAFT', 'SUBMITTED', 'CONFIRMED')").stream().findFirst();
    }

    /** The latest batch that took (or may take) a chain batch id on this contract. */
    private Optional<Batch> latestStanding(String contract) {
        return query(COLUMNS + " where b.status in ('SUBMITTED', 'CONFIRMED', 'FINAL', 'VETOED') and b.contract = '"
                + contract.replace("'", "") + "' order by b.chain_batch_id desc limit 1").stream().findFirst();
    }

    /** The latest FINAL batch on a contract: the cumulative amounts every later batch there starts from. */
    public Optional<Batch> latestFinal(String contract) {
        return query(COLUMNS + " where b.status = 'FINAL' and b.contract = '" + contract.replace("'", "")
                + "' order by b.chain_batch_id desc limit 1").stream().findFirst();
    }

    /** The batch that holds a chain batch id on a contract (submitted or later, not FAILED). */
    public Optional<Batch> byChainBatchId(String contract, long chainBatchId) {
        return query(COLUMNS + " where b.status in ('SUBMITTED', 'CONFIRMED', 'FINAL', 'VETOED') and b.contract = '"
                + contract.replace("'", "") + "' and b.chain_batch_id = " + chainBatchId).stream().findFirst();
    }

    public List<Entitlement> entitlements(long batchId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = QuarkusTransaction.joiningExisting().call(() -> em.createNativeQuery("""
                        select account_id, wallet, cumulative, delta from settlement_entitlement where batch_id = :b order by account_id, wallet""")
                .setParameter("b", batchId).getResultList());
        return rows.stream().map(r -> new Entitlement(((Number) r[0]).longValue(), (String) r[1], ((Number) r[2]).longValue(),
                ((Number) r[3]).longValue())).toList();
    }

    /**
     * The published manifest of a chain batch id of the application's contract, byte for byte as
     * hashed: the batch that was submitted with that id (not a DRAFT, not FAILED).
     */
    public String manifest(long chainBatchId) {
        String contract = chain().payoutsAddress();
        List<?> found = QuarkusTransaction.joiningExisting().call(() -> em.createNativeQuery("""
                        select manifest from settlement_batch
                        where chain_batch_id = :cb and contract = :c and status in ('SUBMITTED', 'CONFIRMED', 'FINAL', 'VETOED')""")
                .setParameter("cb", chainBatchId).setParameter("c", contract).getResultList());
        if (found.isEmpty()) {
            throw ApiException.notFound("Published manifest of batch " + chainBatchId);
        }
        return (String) found.getFirst();
    }

    /** Any batch's manifest, for operators (DRAFTs included). */
    public String manifestOf(long id) {
        require(id);
        return QuarkusTransaction.joiningExisting().call(() ->
                (String) em.createNativeQuery("select manifest from settlement_batch where id = :id").setParameter("id", id).getSingleResult());
    }

    private List<Batch> query(String sql) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = QuarkusTransaction.joiningExisting().call(() -> em.createNativeQuery(sql).getResultList());
        return rows.stream().map(r -> new Batch(num(r[0]), num(r[1]), Batch.Status.valueOf((String) r[2]), num(r[3]), (String) r[4],
                (String) r[5], num(r[6]), num(r[7]), r[8] == null ? null : num(r[8]), r[9] == null ? null : num(r[9]), (String) r[10], (int) num(r[11]),
                SqlTimes.instant(r[12]), SqlTimes.instant(r[13]), SqlTimes.instant(r[14]), SqlTimes.instant(r[15]), (String) r[16],
                r[17] == null ? null : num(r[17]), r[18] == null ? null : num(r[18]), SqlTimes.instant(r[19]), (String) r[20],
                (String) r[21], num(r[22]), r[23] == null ? null : SqlTimes.instant(r[23]))).toList();
    }

    private static long num(Object o) {
        return ((Number) o).longValue();
    }



    static Set<Long> ids(List<Entitlement> entitlements) {
        Set<Long> ids = new HashSet<>();
        entitlements.forEach(e -> ids.add(e.accountId()));
        return ids;
    }
}
