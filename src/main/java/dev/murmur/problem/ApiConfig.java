package dev.murmur.problem;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The HTTP API's settings ({@code murmur.api.*}). */
@ConfigMapping(prefix = "murmur.api")
public interface ApiConfig {

    /**
     * murmur.api.enabled: whether this instance serves the HTTP API under /api. Its default comes
     * from murmur.role (application.properties, "Process role"); when false, {@code ApiGate}
     * answers every /api request with 404 not-served-here.
     */
    @WithDefault("true")
    boolean enabled();

    /** Largest request body the API accepts, in bytes. */
    @WithDefault("65536")
    int maxBodyBytes();

    /**
     * Largest header block the API accepts, in bytes ("name: value" plus line ends, summed); more
     * gets 431 headers-too-large ({@code EdgeLimits}). Keep it below
     * quarkus.http.limits.max-header-size, Netty's backstop, which answers with a bare 431.
     */
    @WithDefault("16384")
    int maxHeaderBytes();
}
