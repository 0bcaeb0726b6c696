package dev.murmur.limit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.OptionalInt;

/**
 * Limits against floods and guessing ({@code murmur.limits.*}; docs/security.md "Limits",
 * docs/decisions/0631-*). A rate is {@code COUNT/PERIOD} ({@link Rate}): a bucket of COUNT units per
 * key that refills COUNT units evenly over PERIOD. Limits are kept in each API process's memory.
 */
@ConfigMapping(prefix = "murmur.limits")
public interface LimitsConfig {

    /** murmur.limits.enabled: enforce the rate limits below. The password hashing limit always applies. */
    @WithDefault("true")
    boolean enabled();

    /** murmur.limits.login-per-address: login attempts, successful or not, from one client address. */
    @WithDefault("30/1m")
    Rate loginPerAddress();

    /**
     * murmur.limits.login-failures-per-handle: failed logins against one handle, from anywhere. A login
     * that succeeds gives its unit back, so the owner is not locked out by their own logins.
     */
    @WithDefault("10/15m")
    Rate loginFailuresPerHandle();

    /** murmur.limits.sign-up-per-address: accounts created from one client address. */
    @WithDefault("10/1h")
    Rate signUpPerAddress();

    /** murmur.limits.wallet-challenges-per-account: wallet challenges issued to one account. */
    @WithDefault("10/10m")
    Rate walletChallengesPerAccount();

    /** murmur.limits.posts-per-account: posts, replies, quotes and reposts by one account. */
    @WithDefault("30/1m")
    Rate postsPerAccount();

    /** murmur.limits.tips-per-account: tips sent by one account. */
    @WithDefault("20/1m")
    Rate tipsPerAccount();

    /**
     * murmur.limits.likes-per-account: likes and unlikes by one account. Likes share one queue and
     * one writer (decision 1174); without a limit one account could fill the queue for everyone, and
     * like-unlike loops would flood the outbox and the creators' notifications.
     */
    @WithDefault("300/1m")
    Rate likesPerAccount();

    /**
     * murmur.limits.tracked-keys: the most keys (addresses, handles, accounts) remembered per limit. A key
     * unseen for a whole period is forgotten first; its bucket would be full again anyway.
     */
    @WithDefault("100000")
    int trackedKeys();

    /**
     * murmur.limits.password-hashes-at-once: the most Argon2 computations (hash or verify) running at
     * once in this process. Unset: the number of processors. Each one takes a core and 16 MiB.
     */
    OptionalInt passwordHashesAtOnce();

    /**
     * murmur.limits.password-hash-wait: how long a login or sign-up waits for an Argon2 slot before it
     * gets 429 rate-limited.
     */
    @WithDefault("1s")
    Duration passwordHashWait();
}
