package dev.murmur.settlement.alert;

import dev.murmur.common.SqlTimes;
import dev.murmur.problem.ApiException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static dev.murmur.common.SqlRows.nullableNumber;
import static dev.murmur.common.SqlRows.number;

/**
 * Alerts about the payout contract that Murmur's own batches do not explain (decision 0613): a batch
 * settled that Murmur never submitted, a root that differs from Murmur's manifest, a veto of a batch
 * Murmur does not know or already counted FINAL. The chain listener raises them as it reads the logs.
 * Each one is logged as an error, counted ({@code murmur.chain.alerts.raised}, by kind), turns readiness
 * DOWN ({@link ChainAlertReadiness}) and is listed on the auditor endpoints until an auditor resolves it.
 */
@ApplicationScoped
public class ChainAlerts {

    private static final Logger LOG = Logger.getLogger(ChainAlerts.class);

    public enum Kind {
        /** A BatchSettled for a batch id Murmur never submitted: someone else signed a settle with the operator key. */
        UNKNOWN_BATCH,
        /** A BatchSettled whose root, total or manifest hash differs from the batch Murmur submitted under that id. */
        ROOT_MISMATCH,
        /** A BatchVetoed for a batch id Murmur never submitted. */
        UNKNOWN_VETO,
        /** A BatchVetoed for a batch Murmur had already counted FINAL. */
        VETO_AFTER_FINAL
    }

    /** One alert; {@code resolvedAt} is null while it is open. */
    public record Alert(long id, long chainId, String contract, Kind kind, long chainBatchId, String transactionHash, long logIndex,
                        long blockNumber, String detail, Instant raisedAt, Instant resolvedAt, Long resolvedBy, String resolution) {
    }

    private final EntityManager em;
    private final Clock clock;
    private final Map<Kind, Counter> raised = new EnumMap<>(Kind.class);

    public ChainAlerts(EntityManager em, Clock clock, MeterRegistry metrics) {
        this.em = em;
        this.clock = clock;
        for (Kind kind : Kind.values()) {
            raised.put(kind, Counter.builder("murmur.chain.alerts.raised").tag("kind", kind.name())
                    .description("Contract logs Murmur's own batches do not explain (foreign settles, vetoes)").register(metrics));
        }
    }

    /**
     * Raises an alert for one log, once (a log read again after a restart does not raise it twice). Joins
     * the caller's transaction, so it commits with the listener's cursor.
     */
    public void raise(long chainId, String contract, Kind kind, long chainBatchId, String transactionHash, long logIndex,
                      long blockNumber, String detail) {
        int inserted = QuarkusTransaction.joiningExisting().call(() -> em.createNativeQuery("""
                        insert into chain_alert (chain_id, contract, kind, batch_id, tx_hash, log_index, block_number, detail, raised_at)
                        values (:c, :k, :kind, :b, :tx, :i, :block, :d, :t)
                        on conflict (contract, tx_hash, log_index, kind) do nothing""")
                .setParameter("c", chainId).setParameter("k", contract).setParameter("kind", kind.name()).setParameter("b", chainBatchId)
                .setParameter("tx", transactionHash).setParameter("i", logIndex).setParameter("block", blockNumber)
                .setParameter("d", detail.length() > 2000 ? detail.substring(0, 2000) : detail).setParameter("t", clock.instant())
                .executeUpdate());
        if (inserted > 0) {
            raised.get(kind).increment();
            LOG.errorf("CHAIN ALERT %s on contract %s (chain %d), batch %d, transaction %s: %s", kind, contract, chainId, chainBatchId,
                    transactionHash, detail);
        }
    }

    private static final String COLUMNS = """
            select id, chain_id, contract, kind, batch_id, tx_hash, log_index, block_number, detail, raised_at, resolved_at,
                   resolved_by, resolution
            from chain_alert""";

    public List<Alert> list(boolean openOnly, int limit) {
        @SuppressWarnings("unchecked")
        List<Tuple> rows = QuarkusTransaction.joiningExisting().call(() -> em.createNativeQuery(COLUMNS
                        + " where (:all or resolved_at is null) order by id desc limit :limit", Tuple.class)
                .setParameter("all", !openOnly).setParameter("limit", limit).getResultList());
        return map(rows);
    }

    private List<Alert> byId(long id) {
        @SuppressWarnings("unchecked")
        List<Tuple> rows = em.createNativeQuery(COLUMNS + " where id = :id", Tuple.class).setParameter("id", id).getResultList();
        return map(rows);
    }

    private static List<Alert> map(List<Tuple> rows) {
        return rows.stream().map(r -> new Alert(number(r, "id"), number(r, "chain_id"), r.get("contract", String.class),
                Kind.valueOf(r.get("kind", String.class)), number(r, "batch_id"), r.get("tx_hash", String.class), number(r, "log_index"),
                number(r, "block_number"), r.get("detail", String.class), SqlTimes.instant(r.get("raised_at")),
                SqlTimes.instant(r.get("resolved_at")), nullableNumber(r, "resolved_by"), r.get("resolution", String.class))).toList();
    }

    public long openCount() {
        return QuarkusTransaction.joiningExisting().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from chain_alert where resolved_at is null").getSingleResult()).longValue());
    }

    /** An auditor's resolution, after looking into it: the alert stays in the list, closed, with who and why. */
    public Alert resolve(long id, long auditorId, String resolution) {
        return QuarkusTransaction.requiringNew().call(() -> {
            int updated = em.createNativeQuery("""
                            update chain_alert set resolved_at = :t, resolved_by = :by, resolution = :r where id = :id and resolved_at is null""")
                    .setParameter("t", clock.instant()).setParameter("by", auditorId).setParameter("r", resolution).setParameter("id", id)
                    .executeUpdate();
            List<Alert> found = byId(id);
            if (found.isEmpty()) {
                throw ApiException.notFound("Chain alert " + id);
            }
            if (updated > 0) {
                LOG.warnf("chain alert %d resolved by account %d: %s", id, auditorId, resolution);
            }
            return found.getFirst();
        });
    }
}
