package dev.murmur.problem;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Rejects oversized bodies with a 413 problem before they are parsed. Vert.x's own body limit
 * (quarkus.http.limits.max-body-size) stays as a backstop for bodies without a Content-Length.
 */
public class RequestSizeFilter {

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
    }

    private final ApiConfig config;

    public RequestSizeFilter(ApiConfig config) {
        this.config = config;
    }

    @ServerRequestFilter(preMatching = true)
    public void rejectOversizedBodies(ContainerRequestContext request) {
        if (request.getLength() > config.maxBodyBytes()) {
            throw new ApiException(ProblemType.PAYLOAD_TOO_LARGE,
                    "The body has " + request.getLength() + " bytes; the limit is " + config.maxBodyBytes());
        }
    }
}
