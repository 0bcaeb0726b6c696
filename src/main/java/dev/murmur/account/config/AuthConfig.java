package dev.murmur.account.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "murmur.auth")
public interface AuthConfig {

    /** murmur.auth.token-ttl: how long a bearer token stays valid after login. */
    @WithDefault("P30D")
    Duration tokenTtl();

    /** murmur.auth.session-ttl: how long a browser session (the web app's cookie) stays valid after login. */
    @WithDefault("P14D")
    Duration sessionTtl();

    /**
     * murmur.auth.step-up-window: how long after the password was last proved (login, or POST
     * /api/auth/step-up) a token may link a wallet or withdraw (decision 0616).
     */
    @WithDefault("PT10M")
    Duration stepUpWindow();

    /**
     * murmur.auth.session-cache-size: how many resolved sessions each process keeps in memory
     * (decision 1176); 0 resolves every request's token in the database.
     */
    @WithDefault("100000")
    int sessionCacheSize();

    /**
     * murmur.auth.session-cache-ttl: how long a cached session lives at most. Changes reach the cache
     * by notification within milliseconds; this bounds what nothing else could.
     */
    @WithDefault("PT30S")
    Duration sessionCacheTtl();
}
