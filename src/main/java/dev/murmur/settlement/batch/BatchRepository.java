package dev.murmur.settlement.batch;

import dev.murmur.chain.ChainClient;
import dev.murmur.common.SqlTimes;
import dev.murmur.problem.ApiException;
import dev.murmur.settlement.batch.plan.Entitlement;
import dev.murmur.settlement.batch.plan.Manifest;
import dev.murmur.settlement.batch.plan.Preview;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.persistence.Tuple;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static dev.murmur.common.SqlRows.nullableNumber;
import static dev.murmur.common.SqlRows.number;

/**
 * The SQL of settlement batches, their entitlements and their stored transactions. Every value is a
 * bound parameter, and rows map to records by column name in one place ({@link #batch(Tuple)}).
 * Writes join the caller's transaction: the state machine ({@link BatchService}) decides the boundaries;
 * reads join one if there is one.
 */
@ApplicationScoped
public class BatchRepository {

    /** Batches that took (or may take) their chain batch id: a DRAFT has not, a FAILED never will. */
    private static final List<String> STANDING = List.of("SUBMITTED", "CONFIRMED", "FINAL", "VETOED");
    private static final List<String> OPEN = List.of("DRAFT", "SUBMITTED", "CONFIRMED");

    private static final String SELECT = """
            select b.id, b.chain_batch_id, b.status, b.chain_id, b.contract, b.root, b.cumulative_total, b.delta_total,
                   b.periods_from, b.periods_through, b.manifest_hash,
                   (select count(*) from settlement_entitlement e where e.batch_id = b.id) as creators,
                   b.created_at, b.submitted_at, b.confirmed_at, b.ended_at, b.tx_hash, b.block_number, b.gas_used,
                   b.claimable_at, b.failure, b.last_error, b.cumulative_escrow, b.submit_requested_at
            from settlement_batch b
            """;

    private final EntityManager em;

    public BatchRepository(EntityManager em) {
        this.em = em;
    }

    // ------------------------------------------------------------------ batches

    public Optional<Batch> find(long id) {
        return batches(SELECT + "where b.id = :id", q -> q.setParameter("id", id)).stream().findFirst();
    }

    /** Locks the batch row until the transaction ends, then reads it: concurrent state changes serialise here. */
    public Optional<Batch> lock(long id) {
        List<?> found = em.createNativeQuery("select id from settlement_batch where id = :id for update").setParameter("id", id)
                .getResultList();
        return found.isEmpty() ? Optional.empty() : find(id);
    }

    /** The batch, or a 404 problem. */
    public Batch require(long id) {
        return find(id).orElseThrow(() -> ApiException.notFound("Settlement batch " + id));
    }

    /** {@link #lock}, or a 404 problem. */
    public Batch requireLocked(long id) {
        return lock(id).orElseThrow(() -> ApiException.notFound("Settlement batch " + id));
    }

    /** Serialises batch creation (one open batch at a time) until the transaction ends. */
    public void lockCreation() {
        em.createNativeQuery("select pg_advisory_xact_lock(hashtext('settlement-batch'))").getSingleResult();
    }

    public List<Batch> latest(int limit) {
        return batches(SELECT + "order by b.id desc limit :limit", q -> q.setParameter("limit", limit));
    }

    public Optional<Batch> open() {
        return batches(SELECT + "where b.status in (:open)", q -> q.setParameter("open", OPEN)).stream().findFirst();
    }

    /** The latest batch that took (or may take) a chain batch id on this contract. */
    public Optional<Batch> latestStanding(String contract) {
        return batches(SELECT + "where b.status in (:standing) and b.contract = :c order by b.chain_batch_id desc limit 1",
                q -> q.setParameter("standing", STANDING).setParameter("c", contract)).stream().findFirst();
    }

    /** The latest FINAL batch on a contract: the cumulative amounts every later batch there starts from. */
    public Optional<Batch> latestFinal(String contract) {
        return batches(SELECT + "where b.status = 'FINAL' and b.contract = :c order by b.chain_batch_id desc limit 1",
                q -> q.setParameter("c", contract)).stream().findFirst();
    }

    /** The batch that holds a chain batch id on a contract (submitted or later, not FAILED). */
    public Optional<Batch> byChainBatchId(String contract, long chainBatchId) {
        return batches(SELECT + "where b.status in (:standing) and b.contract = :c and b.chain_batch_id = :cb",
                q -> q.setParameter("standing", STANDING).setParameter("c", contract).setParameter("cb", chainBatchId))
                .stream().findFirst();
    }

    /** DRAFTs of a contract an operator asked to submit, oldest first. */
    public List<Long> submitRequested(String contract) {
        List<Tuple> rows = tuples("""
                select id from settlement_batch where status = 'DRAFT' and submit_requested_at is not null and contract = :c
                order by id""", q -> q.setParameter("c", contract));
        return rows.stream().map(r -> r.get("id", Number.class).longValue()).toList();
    }

    public long nextId() {
        return ((Number) em.createNativeQuery("select coalesce(max(id), 0) + 1 from settlement_batch").getSingleResult()).longValue();
    }

    public void insertDraft(long id, Preview p, long chainId, String contract, Manifest manifest, Instant now, Long createdBy) {
        em.createNativeQuery("""
                        insert into settlement_batch (id, chain_batch_id, status, chain_id, contract, root, cumulative_total,
                            delta_total, periods_from, periods_through, manifest, manifest_hash, created_at, created_by,
                            cumulative_escrow)
                        values (:id, :cb, 'DRAFT', :chain, :contract, :root, :total, :delta, :from, :through, :manifest, :hash, :now, :by,
                            :escrow)""")
                .setParameter("id", id).setParameter("cb", p.chainBatchId()).setParameter("chain", chainId)
                .setParameter("contract", contract).setParameter("root", p.root())
                .setParameter("total", p.cumulativeTotal()).setParameter("delta", p.deltaTotal())
                .setParameter("from", p.periodsFrom()).setParameter("through", p.periodsThrough())
                .setParameter("manifest", manifest.json()).setParameter("hash", manifest.hash()).setParameter("now", now)
                .setParameter("by", createdBy).setParameter("escrow", p.cumulativeEscrow()).executeUpdate();
        for (Entitlement e : p.entitlements()) {
            em.createNativeQuery("""
                            insert into settlement_entitlement (batch_id, account_id, wallet, cumulative, delta)
                            values (:b, :a, :w, :c, :d)""")
                    .setParameter("b", id).setParameter("a", e.accountId()).setParameter("w", e.wallet())
                    .setParameter("c", e.cumulative()).setParameter("d", e.delta()).executeUpdate();
        }
    }

    public void markDiscarded(long id, Instant now) {
        update("update settlement_batch set status = 'DISCARDED', ended_at = :now where id = :id",
                q -> q.setParameter("now", now).setParameter("id", id));
    }

    public void markSubmitRequested(long id, Instant now, Long by) {
        update("""
                update settlement_batch set submit_requested_at = coalesce(submit_requested_at, :now),
                    submit_requested_by = coalesce(submit_requested_by, :by) where id = :id""",
                q -> q.setParameter("now", now).setParameter("by", by).setParameter("id", id));
    }

    public void markSubmitted(long id, Instant now, String txHash) {
        update("update settlement_batch set status = 'SUBMITTED', submitted_at = :now, tx_hash = :tx where id = :id",
                q -> q.setParameter("now", now).setParameter("tx", txHash).setParameter("id", id));
    }

    public void markConfirmed(long id, Instant now, ChainClient.Receipt r, Instant claimableAt) {
        update("""
                update settlement_batch set status = 'CONFIRMED', confirmed_at = :now, tx_hash = :tx, block_number = :block,
                    gas_used = :gas, claimable_at = :claimable, last_error = null where id = :id""",
                q -> q.setParameter("now", now).setParameter("tx", r.transactionHash()).setParameter("block", r.blockNumber())
                        .setParameter("gas", r.gasUsed()).setParameter("claimable", claimableAt).setParameter("id", id));
    }

    /** The batch's current transaction: the one a later replacement or re-sign is checked against. */
    public void setTxHash(long id, String txHash) {
        update("update settlement_batch set tx_hash = :tx where id = :id", q -> q.setParameter("tx", txHash).setParameter("id", id));
    }

    /** Ends a batch; a receipt, if any, records the transaction that ended it. */
    public void markEnded(long id, Batch.Status to, Instant now, String failure, ChainClient.Receipt receipt) {
        update("""
                update settlement_batch set status = :to, ended_at = :now, failure = :failure, last_error = null,
                    tx_hash = coalesce(:tx, tx_hash), block_number = coalesce(:block, block_number),
                    gas_used = coalesce(:gas, gas_used) where id = :id""",
                q -> q.setParameter("to", to.name()).setParameter("now", now).setParameter("failure", truncate(failure))
                        .setParameter("tx", receipt == null ? null : receipt.transactionHash())
                        .setParameter("block", receipt == null ? null : receipt.blockNumber())
                        .setParameter("gas", receipt == null ? null : receipt.gasUsed())
                        .setParameter("id", id));
    }

    /** What went wrong last, for operators; the batch stays as it is. */
    public void noteError(long id, String message) {
        update("update settlement_batch set last_error = :e where id = :id", q -> q.setParameter("e", truncate(message)).setParameter("id", id));
    }

    // ------------------------------------------------------------------ entitlements and manifests

    public List<Entitlement> entitlements(long batchId) {
        List<Tuple> rows = tuples("""
                select account_id, wallet, cumulative, delta from settlement_entitlement where batch_id = :b
                order by account_id, wallet""", q -> q.setParameter("b", batchId));
        return rows.stream().map(r -> new Entitlement(r.get("account_id", Number.class).longValue(), r.get("wallet", String.class),
                r.get("cumulative", Number.class).longValue(), r.get("delta", Number.class).longValue())).toList();
    }

    /** The manifest published under a chain batch id of a contract (a standing batch's). */
    public Optional<String> publishedManifest(String contract, long chainBatchId) {
        return tuples("select manifest from settlement_batch where chain_batch_id = :cb and contract = :c and status in (:standing)",
                q -> q.setParameter("cb", chainBatchId).setParameter("c", contract).setParameter("standing", STANDING))
                .stream().map(r -> r.get("manifest", String.class)).findFirst();
    }

    public Optional<String> manifest(long id) {
        return tuples("select manifest from settlement_batch where id = :id", q -> q.setParameter("id", id))
                .stream().map(r -> r.get("manifest", String.class)).findFirst();
    }

    // ------------------------------------------------------------------ transactions

    public void insertTransaction(long batchId, ChainClient.SignedTransaction tx, Instant now) {
        em.createNativeQuery("""
                        insert into settlement_tx (tx_hash, batch_id, nonce, raw, max_fee_per_gas, max_priority_fee_per_gas, signed_at)
                        values (:h, :b, :n, :raw, :fee, :tip, :now)""")
                .setParameter("h", tx.hash()).setParameter("b", batchId).setParameter("n", tx.nonce()).setParameter("raw", tx.raw())
                .setParameter("fee", new BigDecimal(tx.maxFeePerGas())).setParameter("tip", new BigDecimal(tx.maxPriorityFeePerGas()))
                .setParameter("now", now).executeUpdate();
    }

    public void markBroadcast(String txHash, Instant now) {
        update("update settlement_tx set broadcast_at = coalesce(broadcast_at, :now) where tx_hash = :h",
                q -> q.setParameter("now", now).setParameter("h", txHash));
    }

    List<StoredTx> transactions(long batchId) {
        List<Tuple> rows = tuples("""
                select tx_hash, nonce, raw, max_fee_per_gas, max_priority_fee_per_gas, signed_at
                from settlement_tx where batch_id = :b order by signed_at, tx_hash""", q -> q.setParameter("b", batchId));
        return rows.stream().map(r -> new StoredTx(r.get("tx_hash", String.class), r.get("nonce", Number.class).longValue(),
                r.get("raw", String.class), r.get("max_fee_per_gas", BigDecimal.class).toBigIntegerExact(),
                r.get("max_priority_fee_per_gas", BigDecimal.class).toBigIntegerExact(), SqlTimes.instant(r.get("signed_at")))).toList();
    }

    // ------------------------------------------------------------------ mapping

    private List<Batch> batches(String sql, java.util.function.UnaryOperator<Query> bind) {
        return tuples(sql, bind).stream().map(BatchRepository::batch).toList();
    }

    private static Batch batch(Tuple r) {
        return new Batch(number(r, "id"), number(r, "chain_batch_id"), Batch.Status.valueOf(r.get("status", String.class)),
                number(r, "chain_id"), r.get("contract", String.class), r.get("root", String.class), number(r, "cumulative_total"),
                number(r, "delta_total"), nullableNumber(r, "periods_from"), nullableNumber(r, "periods_through"),
                r.get("manifest_hash", String.class), (int) number(r, "creators"), SqlTimes.instant(r.get("created_at")),
                SqlTimes.instant(r.get("submitted_at")), SqlTimes.instant(r.get("confirmed_at")), SqlTimes.instant(r.get("ended_at")),
                r.get("tx_hash", String.class), nullableNumber(r, "block_number"), nullableNumber(r, "gas_used"),
                SqlTimes.instant(r.get("claimable_at")), r.get("failure", String.class), r.get("last_error", String.class),
                number(r, "cumulative_escrow"), SqlTimes.instant(r.get("submit_requested_at")));
    }

    @SuppressWarnings("unchecked")
    private List<Tuple> tuples(String sql, java.util.function.UnaryOperator<Query> bind) {
        return QuarkusTransaction.joiningExisting().call(() -> bind.apply(em.createNativeQuery(sql, Tuple.class)).getResultList());
    }

    private void update(String sql, java.util.function.UnaryOperator<Query> bind) {
        bind.apply(em.createNativeQuery(sql)).executeUpdate();
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 1000 ? s : s.substring(0, 1000);
    }
}
