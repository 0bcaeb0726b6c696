package dev.murmur.account.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.murmur.account.AccessToken;
import dev.murmur.account.config.AuthConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sessions this process resolved recently, by token hash (decision 1176), so that most requests
 * resolve their token without a statement. An entry is only ever as stale as the delivery of a
 * PostgreSQL notification: {@link SessionInvalidations} forgets an account's sessions when a trigger
 * says that one of its tokens or roles changed, and this process forgets them right after its own
 * change commits ({@link #forgetAfterCommit}).
 *
 * <p>Three rules keep it from serving what the database no longer says:
 * <ul>
 *   <li><b>Trusted only while notifications arrive.</b> Until the listener has run {@code LISTEN},
 *   and from the moment it loses its connection until it has listened again and cleared the cache,
 *   nothing is served from here or put here.</li>
 *   <li><b>A generation per change.</b> Every forgetting bumps {@link #generation()} before it
 *   removes anything. A session read from the database is put only if no forgetting happened since
 *   its read began: put, then check, so a forgetting that races the put either sees the entry and
 *   removes it or is seen by the check.</li>
 *   <li><b>A bound on everything else.</b> Entries expire {@code murmur.auth.session-cache-ttl} after
 *   they were read, and a token's own expiry is checked at every use.</li>
 * </ul>
 * Only valid sessions are kept: unknown tokens are never cached, so guessing cannot fill memory.
 */
@ApplicationScoped
public class SessionCache {

    /** A valid session as read, with what decides its validity at the time of use. */
    record Entry(TokenSessions.Session session, AccessToken.Kind kind, Instant expiresAt) {
    }

    private final Cache<String, Entry> entries;
    private final TransactionSynchronizationRegistry transactions;
    private final boolean enabled;
    private final AtomicLong generation = new AtomicLong();
    private volatile boolean trusted;

    public SessionCache(AuthConfig config, TransactionSynchronizationRegistry transactions, MeterRegistry metrics) {
        this.transactions = transactions;
        this.enabled = config.sessionCacheSize() > 0;
        this.entries = Caffeine.newBuilder()
                .maximumSize(Math.max(1, config.sessionCacheSize()))
                .expireAfterWrite(config.sessionCacheTtl())
                .recordStats()
                .build();
        CaffeineCacheMetrics.monitor(metrics, entries, "murmur.sessions");
        Gauge.builder("murmur.sessions.trusted", this, cache -> cache.trusted ? 1 : 0)
                .description("1 while this process's session cache receives invalidations and may serve").register(metrics);
    }

    /** Whether this process caches sessions at all (murmur.auth.session-cache-size > 0). */
    boolean enabled() {
        return enabled;
    }

    /** A cached session of {@code kind} still valid at {@code now}, or empty (then the database decides). */
    Optional<TokenSessions.Session> get(String tokenHash, AccessToken.Kind kind, Instant now) {
        if (!trusted) {
            return Optional.empty();
        }
        Entry entry = entries.getIfPresent(tokenHash);
        if (entry == null || entry.kind() != kind || !AccessToken.isUsableAt(null, entry.expiresAt(), now)) {
            return Optional.empty();
        }
        return Optional.of(entry.session());
    }

    /** The current generation: read it before reading a session from the database, and hand it to {@link #put}. */
    long generation() {
        return generation.get();
    }

    /** Keeps a valid session read while {@code readSince} was current, unless anything was forgotten since. */
    void put(String tokenHash, Entry entry, long readSince) {
        if (!trusted || generation.get() != readSince) {
            return;
        }
        entries.put(tokenHash, entry);
        if (generation.get() != readSince) {
            entries.invalidate(tokenHash);
        }
    }

    /** Forgets every cached session of {@code accountId}. */
    void forgetAccount(long accountId) {
        generation.incrementAndGet();
        entries.asMap().values().removeIf(entry -> entry.session().accountId() == accountId);
    }

    /**
     * Forgets {@code accountId}'s sessions when the caller's transaction has ended: this process
     * refuses a token it revoked, or applies a role it changed, from the next request on, without
     * waiting for the notification. Not before the commit: a request reading the old row meanwhile
     * would put it back.
     */
    public void forgetAfterCommit(long accountId) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
                // Nothing: only the outcome matters, and forgetting is right whatever it is.
            }

            @Override
            public void afterCompletion(int status) {
                forgetAccount(accountId);
            }
        });
    }

    /** The listener listens: from now on a change reaches this cache, so it may serve. */
    void trust() {
        forgetAll();
        trusted = enabled;
    }

    /** The listener lost its connection: a change could go unseen, so serve nothing until it listens again. */
    void distrust() {
        trusted = false;
        forgetAll();
    }

    boolean trusted() {
        return trusted;
    }

    /** How many sessions are cached (an estimate, as Caffeine counts). */
    long size() {
        return entries.estimatedSize();
    }

    /** Forgets every cached session. */
    void forgetAll() {
        generation.incrementAndGet();
        entries.invalidateAll();
    }
}
