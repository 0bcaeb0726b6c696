package dev.murmur.account.service;

import dev.murmur.account.AccessToken;
import dev.murmur.account.config.AuthConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The rules of {@link SessionCache} that keep it from serving a stale session (decision 1176), without a database. */
class SessionCacheRulesTest {

    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");

    private static AuthConfig config(int size) {
        return new AuthConfig() {
            public Duration tokenTtl() {
                return Duration.ofDays(30);
            }

            public Duration sessionTtl() {
                return Duration.ofDays(14);
            }

            public Duration stepUpWindow() {
                return Duration.ofMinutes(10);
            }

            public int sessionCacheSize() {
                return size;
            }

            public Duration sessionCacheTtl() {
                return Duration.ofSeconds(30);
            }
        };
    }

    private static SessionCache trustedCache() {
        SessionCache cache = new SessionCache(config(100), null, new SimpleMeterRegistry());
        cache.trust();
        return cache;
    }

    private static SessionCache.Entry entry(long accountId, String hash, AccessToken.Kind kind, Instant expiresAt) {
        return new SessionCache.Entry(new TokenSessions.Session(accountId, "user" + accountId, Set.of("USER"), hash), kind, expiresAt);
    }

    @Test
    void shouldServeAValidSessionOnlyAsItsKindAndUntilItExpires() {
        SessionCache cache = trustedCache();
        cache.put("h1", entry(1, "h1", AccessToken.Kind.BEARER, NOW.plusSeconds(60)), cache.generation());

        assertThat(cache.get("h1", AccessToken.Kind.BEARER, NOW)).map(TokenSessions.Session::accountId).contains(1L);
        assertThat(cache.get("h1", AccessToken.Kind.SESSION, NOW)).isEmpty();
        assertThat(cache.get("h1", AccessToken.Kind.BEARER, NOW.plusSeconds(60))).isEmpty();
        assertThat(cache.get("other", AccessToken.Kind.BEARER, NOW)).isEmpty();
    }

    @Test
    void shouldDropASessionReadBeforeAnyForgetting() {
        SessionCache cache = trustedCache();
        long readSince = cache.generation();
        cache.forgetAccount(99); // another account's change, between this read and its put: still dropped

        cache.put("h1", entry(1, "h1", AccessToken.Kind.BEARER, NOW.plusSeconds(60)), readSince);

        assertThat(cache.get("h1", AccessToken.Kind.BEARER, NOW)).isEmpty();
    }

    @Test
    void shouldForgetOnlyTheChangedAccountsSessions() {
        SessionCache cache = trustedCache();
        cache.put("a1", entry(1, "a1", AccessToken.Kind.BEARER, NOW.plusSeconds(60)), cache.generation());
        cache.put("a2", entry(1, "a2", AccessToken.Kind.SESSION, NOW.plusSeconds(60)), cache.generation());
        cache.put("b1", entry(2, "b1", AccessToken.Kind.BEARER, NOW.plusSeconds(60)), cache.generation());

        cache.forgetAccount(1);

        assertThat(cache.get("a1", AccessToken.Kind.BEARER, NOW)).isEmpty();
        assertThat(cache.get("a2", AccessToken.Kind.SESSION, NOW)).isEmpty();
        assertThat(cache.get("b1", AccessToken.Kind.BEARER, NOW)).isPresent();
    }

    @Test
    void shouldNeitherServeNorKeepWhileNotListening() {
        SessionCache cache = new SessionCache(config(100), null, new SimpleMeterRegistry());
        cache.put("h1", entry(1, "h1", AccessToken.Kind.BEARER, NOW.plusSeconds(60)), cache.generation());
        assertThat(cache.size()).isZero();

        cache.trust();
        cache.put("h1", entry(1, "h1", AccessToken.Kind.BEARER, NOW.plusSeconds(60)), cache.generation());
        cache.distrust();
        assertThat(cache.get("h1", AccessToken.Kind.BEARER, NOW)).isEmpty();

        cache.trust(); // listening again: what was kept before is gone, not served again
        assertThat(cache.get("h1", AccessToken.Kind.BEARER, NOW)).isEmpty();
    }

    @Test
    void shouldForgetAChangeOfThisProcessOnlyOnceItsTransactionHasEnded() {
        List<Synchronization> registered = new ArrayList<>();
        SessionCache cache = new SessionCache(config(100), registry(registered), new SimpleMeterRegistry());
        cache.trust();
        cache.put("a1", entry(1, "a1", AccessToken.Kind.BEARER, NOW.plusSeconds(60)), cache.generation());

        cache.forgetAfterCommit(1);
        long beforeCommit = cache.generation();
        assertThat(cache.get("a1", AccessToken.Kind.BEARER, NOW)).isPresent();

        registered.forEach(Synchronization::beforeCompletion);
        assertThat(cache.get("a1", AccessToken.Kind.BEARER, NOW)).isPresent();
        registered.forEach(s -> s.afterCompletion(Status.STATUS_COMMITTED));
        assertThat(cache.get("a1", AccessToken.Kind.BEARER, NOW)).isEmpty();
        assertThat(cache.generation()).isGreaterThan(beforeCommit);
    }

    /** A transaction registry that only records the synchronizations registered with it. */
    private static TransactionSynchronizationRegistry registry(List<Synchronization> registered) {
        return (TransactionSynchronizationRegistry) Proxy.newProxyInstance(SessionCacheRulesTest.class.getClassLoader(),
                new Class<?>[]{TransactionSynchronizationRegistry.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("registerInterposedSynchronization")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    registered.add((Synchronization) args[0]);
                    return null;
                });
    }

    @Test
    void shouldNeverServeWhenTurnedOff() {
        SessionCache cache = new SessionCache(config(0), null, new SimpleMeterRegistry());
        cache.trust();
        cache.put("h1", entry(1, "h1", AccessToken.Kind.BEARER, NOW.plusSeconds(60)), cache.generation());

        assertThat(cache.enabled()).isFalse();
        assertThat(cache.get("h1", AccessToken.Kind.BEARER, NOW)).isEmpty();
    }
}
