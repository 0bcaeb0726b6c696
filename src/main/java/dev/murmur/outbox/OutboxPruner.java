package dev.murmur.outbox;

import dev.murmur.common.LoopGuard;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.time.Clock;
import java.time.Instant;

/**
 * Deletes published outbox rows once they are older than murmur.outbox.retention (decision 1175).
 * The relay marks a row published and leaves it, so that an operator can see what went out; without
 * this the table would keep one row per event for ever (every like is one), and its vacuum with it.
 *
 * <p>A pass looks only at the oldest murmur.outbox.prune-batch rows, by the primary key, and deletes
 * those published before the cutoff: rows are numbered in commit order, so the prunable ones are the
 * oldest, and a pass never walks the retained table to find that there is nothing to do. Passes
 * repeat, each in its own short transaction, while they delete something (at most
 * {@link #PASSES_PER_RUN} a run). Runs wherever a relay runs; two processes pruning at once delete a
 * row once.
 */
@ApplicationScoped
public class OutboxPruner {

    /** The loop's name in LoopGuard's logs, metric and readiness check. */
    public static final String LOOP = "outbox-pruner";
    /** Bounds one run, so a backlog of weeks is worked off over several runs rather than in one. */
    static final int PASSES_PER_RUN = 100;

    private final EntityManager em;
    private final OutboxConfig config;
    private final Clock clock;
    private final LoopGuard guard;
    private final Counter pruned;

    public OutboxPruner(EntityManager em, OutboxConfig config, Clock clock, LoopGuard guard, MeterRegistry metrics) {
        this.em = em;
        this.config = config;
        this.clock = clock;
        this.guard = guard;
        this.pruned = Counter.builder("murmur.outbox.pruned")
                .description("Published outbox events deleted after murmur.outbox.retention").register(metrics);
    }

    /** Every murmur.outbox.prune-interval (1 minute; {@code off} stops it). */
    @Scheduled(every = "${murmur.outbox.prune-interval:1m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        if (config.relayEnabled()) {
            guard.run(LOOP, this::run);
        }
    }

    /** Prunes until a pass finds nothing to delete, or {@link #PASSES_PER_RUN} passes; returns how many rows went. */
    public int run() {
        int total = 0;
        for (int pass = 0; pass < PASSES_PER_RUN; pass++) {
            int deleted = QuarkusTransaction.requiringNew().call(this::pass);
            pruned.increment(deleted);
            total += deleted;
            if (deleted == 0) {
                break;
            }
        }
        return total;
    }

    private int pass() {
        Instant cutoff = clock.instant().minus(config.retention());
        return em.createNativeQuery("""
                        delete from outbox_event where seq in (
                            select seq from (select seq, published_at from outbox_event order by seq limit :n) oldest
                            where published_at < :cutoff)""")
                .setParameter("n", config.pruneBatch())
                .setParameter("cutoff", cutoff)
                .executeUpdate();
    }
}
