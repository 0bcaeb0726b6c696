package dev.murmur.settlement.claim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.murmur.chain.ContractEvent;
import dev.murmur.common.SqlRows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The chain listener's tables: {@code chain_log}, one row per contract log applied (marked removed when
 * its block leaves the canonical chain), and {@code chain_checkpoint}, the blocks a poll ended at with
 * their hashes. Bound parameters only; rows come back as records. Callers hold the transaction.
 */
@ApplicationScoped
public class ChainLogStore {

    /** A block the listener had applied everything up to, with the hash it had then. */
    public record Checkpoint(long block, String hash) {
    }

    /** A stored log as a reorg check needs it. */
    public record StoredLog(long id, long blockNumber, String blockHash) {
    }

    /** A stored log as its reversal needs it. {@code accountId} is the Murmur account it was booked to, if any. */
    public record RemovedLog(long id, String event, Long accountId, BigDecimal amount, String address, String transactionHash,
                             long logIndex, String blockHash, Long batchId, String contract) {
    }

    private final EntityManager em;
    private final ObjectMapper json;
    private final Clock clock;

    public ChainLogStore(EntityManager em, ObjectMapper json, Clock clock) {
        this.em = em;
        this.json = json;
        this.clock = clock;
    }

    /** Serialises the pollers of one chain and contract until the transaction ends. */
    public void lock(long chainId, String contract) {
        em.createNativeQuery("select pg_advisory_xact_lock(hashtext('chain-listener:' || :k))")
                .setParameter("k", chainId + ":" + contract).getSingleResult();
    }

    /** The newest checkpoint, if the listener has ever applied a range. */
    public Optional<Checkpoint> cursor(long chainId, String contract) {
        return checkpoints(chainId, contract, 1).stream().findFirst();
    }

    /** The newest checkpoints first, at most {@code limit}. */
    public List<Checkpoint> checkpoints(long chainId, String contract, int limit) {
        List<Tuple> rows = em.createNativeQuery("""
                        select block_number, block_hash from chain_checkpoint where chain_id = :c and contract = :k
                        order by block_number desc limit :n""", Tuple.class)
                .setParameter("c", chainId).setParameter("k", contract).setParameter("n", limit).getResultList();
        return rows.stream().map(r -> new Checkpoint(SqlRows.number(r, "block_number"), r.get("block_hash", String.class))).toList();
    }

    /** Records that everything up to {@code block} is applied, and keeps the newest {@code keep} checkpoints. */
    public void checkpoint(long chainId, String contract, long block, String hash, int keep) {
        em.createNativeQuery("""
                        insert into chain_checkpoint (chain_id, contract, block_number, block_hash, recorded_at)
                        values (:c, :k, :b, :h, :t)""")
                .setParameter("c", chainId).setParameter("k", contract).setParameter("b", block)
                .setParameter("h", hash).setParameter("t", clock.instant()).executeUpdate();
        em.createNativeQuery("""
                        delete from chain_checkpoint where chain_id = :c and contract = :k and block_number not in (
                            select block_number from chain_checkpoint where chain_id = :c and contract = :k
                            order by block_number desc limit :keep)""")
                .setParameter("c", chainId).setParameter("k", contract).setParameter("keep", keep).executeUpdate();
    }

    /** Drops the checkpoints above {@code block}, so the next poll rescans from there. */
    public void dropCheckpointsAbove(long chainId, String contract, long block) {
        em.createNativeQuery("delete from chain_checkpoint where chain_id = :c and contract = :k and block_number > :a")
                .setParameter("c", chainId).setParameter("k", contract).setParameter("a", block).executeUpdate();
    }

    /** The applied (not removed) log of this transaction and index, if any. */
    public Optional<StoredLog> applied(long chainId, String contract, ContractEvent.LogPosition at) {
        List<Tuple> rows = em.createNativeQuery("""
                        select id, block_number, block_hash from chain_log
                        where chain_id = :c and contract = :k and tx_hash = :tx and log_index = :i and removed_at is null""", Tuple.class)
                .setParameter("c", chainId).setParameter("k", contract).setParameter("tx", at.transactionHash())
                .setParameter("i", at.logIndex()).getResultList();
        return rows.stream().findFirst().map(ChainLogStore::storedLog);
    }

    /** The applied logs above {@code block}, newest first. */
    public List<StoredLog> appliedAbove(long chainId, String contract, long block) {
        List<Tuple> rows = em.createNativeQuery("""
                        select id, block_number, block_hash from chain_log
                        where chain_id = :c and contract = :k and block_number > :a and removed_at is null order by id desc""", Tuple.class)
                .setParameter("c", chainId).setParameter("k", contract).setParameter("a", block).getResultList();
        return rows.stream().map(ChainLogStore::storedLog).toList();
    }

    private static StoredLog storedLog(Tuple r) {
        return new StoredLog(SqlRows.number(r, "id"), SqlRows.number(r, "block_number"), r.get("block_hash", String.class));
    }

    /** Stores an event as applied, booked to {@code accountId} (or to no account), and returns its row id. */
    public long insert(long chainId, String contract, ContractEvent event, Long accountId) {
        Long batchId = null;
        String address = null;
        BigInteger amount = null;
        BigInteger cumulative = null;
        switch (event) {
            case ContractEvent.BatchSettled s -> {
                batchId = s.batchId();
                cumulative = s.cumulativeTotal();
            }
            case ContractEvent.BatchVetoed v -> {
                batchId = v.batchId();
                address = v.auditor();
            }
            case ContractEvent.Claimed c -> {
                batchId = c.batchId();
                address = c.account();
                amount = c.amount();
                cumulative = c.cumulativeClaimed();
            }
            case ContractEvent.Deposited d -> {
                address = d.from();
                amount = d.amount();
            }
        }
        ContractEvent.LogPosition at = event.at();
        return ((Number) em.createNativeQuery("""
                        insert into chain_log (chain_id, contract, event, block_number, block_hash, tx_hash, log_index, batch_id, address,
                            amount, cumulative, data, account_id, processed_at)
                        values (:c, :k, :e, :b, :h, :tx, :i, :batch, :addr, :amount, :cum, cast(:data as jsonb), :acc, :t) returning id""")
                .setParameter("c", chainId).setParameter("k", contract).setParameter("e", event.name())
                .setParameter("b", at.blockNumber()).setParameter("h", at.blockHash()).setParameter("tx", at.transactionHash())
                .setParameter("i", at.logIndex()).setParameter("batch", batchId).setParameter("addr", address)
                .setParameter("amount", decimal(amount)).setParameter("cum", decimal(cumulative))
                .setParameter("data", toJson(event)).setParameter("acc", accountId).setParameter("t", clock.instant())
                .getSingleResult()).longValue();
    }

    /** Marks a log removed (its block left the canonical chain) and returns what its reversal needs. */
    public RemovedLog markRemoved(long logId) {
        Tuple r = (Tuple) em.createNativeQuery("""
                        update chain_log set removed_at = :t where id = :id
                        returning id, event, account_id, amount, address, tx_hash, log_index, block_hash, batch_id, contract""", Tuple.class)
                .setParameter("t", clock.instant()).setParameter("id", logId).getSingleResult();
        return new RemovedLog(SqlRows.number(r, "id"), r.get("event", String.class), SqlRows.nullableNumber(r, "account_id"),
                r.get("amount", BigDecimal.class), r.get("address", String.class), r.get("tx_hash", String.class),
                SqlRows.number(r, "log_index"), r.get("block_hash", String.class), SqlRows.nullableNumber(r, "batch_id"),
                r.get("contract", String.class));
    }

    private static BigDecimal decimal(BigInteger value) {
        return value == null ? null : new BigDecimal(value);
    }

    private String toJson(ContractEvent event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
