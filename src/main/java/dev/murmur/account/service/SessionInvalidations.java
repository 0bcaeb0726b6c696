package dev.murmur.account.service;

import dev.murmur.common.LoopGuard;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Listens on PostgreSQL channel {@code murmur_sessions} (migration V84's triggers) and tells the
 * {@link SessionCache} which accounts' sessions changed (decision 1176). Its own connection, outside
 * the pool: it is held for the life of the process and spends its time waiting.
 *
 * <p>The cache is trusted only while this listens. A lost connection distrusts it at once; the loop
 * connects again, listens, and only then clears and trusts the cache, so a change committed while
 * nobody listened cannot survive in it. Between notifications the connection is checked every
 * {@link #POLL_MILLIS} with a statement, so a connection that died silently is noticed within that.
 */
@ApplicationScoped
public class SessionInvalidations {

    private static final Logger LOG = Logger.getLogger(SessionInvalidations.class);

    static final String CHANNEL = "murmur_sessions";
    static final String LOOP = "session-invalidations";
    private static final int POLL_MILLIS = 500;
    private static final long RECONNECT_MILLIS = 1_000;

    private final SessionCache cache;
    private final LoopGuard guard;
    private final String url;
    private final Properties credentials = new Properties();
    private volatile boolean running;
    private Thread thread;
    private volatile Connection connection;

    public SessionInvalidations(SessionCache cache, LoopGuard guard,
                                @ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
                                @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
                                @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.cache = cache;
        this.guard = guard;
        this.url = url;
        user.ifPresent(u -> credentials.setProperty("user", u));
        password.ifPresent(p -> credentials.setProperty("password", p));
        credentials.setProperty("ApplicationName", "murmur session invalidations");
        credentials.setProperty("tcpKeepAlive", "true");
    }

    /** Starts listening, once; a process that never resolves a token never listens. */
    synchronized void start() {
        if (thread != null || !cache.enabled()) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().name(LOOP).daemon().start(this::listen);
    }

    /** The loop notices within one wait ({@link #POLL_MILLIS}), then closes its connection itself. */
    @PreDestroy
    synchronized void stop() throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        }
    }

    private void listen() {
        while (running) {
            if (!guard.run(LOOP, this::poll)) {
                cache.distrust();
                close();
                pause();
            }
        }
        cache.distrust();
        close();
    }

    /** One wait for notifications on a listening connection, connecting and listening first if needed. */
    private void poll() {
        try {
            if (connection == null) {
                Connection fresh = DriverManager.getConnection(url, credentials);
                try (Statement listen = fresh.createStatement()) {
                    listen.execute("LISTEN " + CHANNEL);
                }
                connection = fresh;
                cache.trust();
                LOG.debugf("listening on %s; the session cache is trusted", CHANNEL);
            }
            PGNotification[] notifications = connection.unwrap(PGConnection.class).getNotifications(POLL_MILLIS);
            if (notifications == null || notifications.length == 0) {
                try (Statement alive = connection.createStatement()) {
                    alive.execute("select 1");
                }
                return;
            }
            for (PGNotification notification : notifications) {
                forget(notification.getParameter());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("listening on " + CHANNEL + " failed: " + e.getMessage(), e);
        }
    }

    private void forget(String payload) {
        try {
            cache.forgetAccount(Long.parseLong(payload));
        } catch (NumberFormatException e) {
            // Not one of our triggers' payloads: forgetting everything is the safe answer to the unknown.
            LOG.warnf("unexpected payload on %s: %s; forgetting every cached session", CHANNEL, payload);
            cache.forgetAll();
        }
    }

    private void close() {
        Connection open = connection;
        connection = null;
        if (open != null) {
            try {
                open.close();
            } catch (SQLException e) {
                LOG.debugf(e, "closing the %s connection", CHANNEL);
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(RECONNECT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
