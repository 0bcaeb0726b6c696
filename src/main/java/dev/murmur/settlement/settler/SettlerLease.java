package dev.murmur.settlement.settler;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.net.InetAddress;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Exactly one settler at a time: a lease row in PostgreSQL ({@code settler_lease}). The batch driver and
 * the chain listener call {@link #holds()} before each tick; it takes the lease if it is free or expired,
 * renews it if this process holds it, and answers false otherwise, so a second settler started by mistake
 * settles nothing and stands by until the first one stops. Expiry is decided by the database's clock, so
 * hosts' clocks do not matter. A clean shutdown releases the lease at once; a crash leaves it to expire
 * after {@code murmur.settler.lease-ttl}. Safe to restart: everything the settler does resumes from the
 * database (decision 0611).
 *
 * <p>The lease is not the only guard: a batch moves under its row lock, and a signed transaction is stored
 * before it is sent, so even two settlers that overlapped for a moment would send one settle per batch.
 */
@ApplicationScoped
public class SettlerLease {

    static final String NAME = "settler";
    private static final Logger LOG = Logger.getLogger(SettlerLease.class);

    private final EntityManager em;
    private final SettlerConfig config;
    private final String holder;
    private final AtomicBoolean held = new AtomicBoolean();

    public SettlerLease(EntityManager em, SettlerConfig config, MeterRegistry metrics) {
        this.em = em;
        this.config = config;
        this.holder = hostName() + "/" + ProcessHandle.current().pid() + "/" + UUID.randomUUID();
        Gauge.builder("murmur.settler.lease.held", held, h -> h.get() ? 1 : 0)
                .description("1 while this process holds the settler lease").register(metrics);
    }

    /** This process's holder id: host, pid and a random part (a restarted process is a new holder). */
    public String holder() {
        return holder;
    }

    /** Takes or renews the lease for this process; false while another live holder has it. */
    public boolean holds() {
        boolean now = tryHold(holder);
        if (now != held.getAndSet(now)) {
            if (now) {
                LOG.infof("settler lease taken by %s", holder);
            } else {
                LOG.warnf("settler lease lost: another settler holds it; %s stands by", holder);
            }
        }
        return now;
    }

    /** Takes or renews the lease for {@code who}; public for tests that play a second settler. */
    public boolean tryHold(String who) {
        @SuppressWarnings("unchecked")
        List<Object> rows = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                        insert into settler_lease as l (name, holder, acquired_at, renewed_at, expires_at)
                        values (:name, :holder, clock_timestamp(), clock_timestamp(), clock_timestamp() + make_interval(secs => :ttl))
                        on conflict (name) do update set
                            acquired_at = case when l.holder = excluded.holder then l.acquired_at else excluded.acquired_at end,
                            holder = excluded.holder, renewed_at = excluded.renewed_at, expires_at = excluded.expires_at
                        where l.holder = excluded.holder or l.expires_at < clock_timestamp()
                        returning holder""")
                .setParameter("name", NAME).setParameter("holder", who)
                .setParameter("ttl", config.leaseTtl().toMillis() / 1000.0).getResultList());
        return !rows.isEmpty();
    }

    /** Gives the lease up if {@code who} holds it, so a successor need not wait for it to expire. */
    public void release(String who) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("delete from settler_lease where name = :name and holder = :holder")
                .setParameter("name", NAME).setParameter("holder", who).executeUpdate());
    }

    void onStop(@Observes ShutdownEvent event) {
        if (held.get()) {
            try {
                release(holder);
                LOG.infof("settler lease released by %s", holder);
            } catch (RuntimeException e) {
                LOG.warnf("settler lease not released (it expires on its own): %s", e.getMessage());
            }
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown-host";
        }
    }
}
