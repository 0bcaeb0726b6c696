package dev.murmur.web;

import dev.murmur.problem.ApiConfig;
import dev.murmur.problem.ApiException;
import dev.murmur.problem.ProblemType;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The web app is served where the API is (murmur.api.enabled, from the process role): a worker
 * answers its pages with 404 not-served-here, as ApiGate does for /api.
 */
public class WebGate {

    private final boolean serves;

    public WebGate(ApiConfig api) {
        this.serves = api.enabled();
    }

    @ServerRequestFilter(preMatching = true, priority = Priorities.AUTHENTICATION)
    public void rejectWhenNotServed(ContainerRequestContext request) {
        if (!serves && CsrfFilter.isWebPath(request.getUriInfo().getPath())) {
            throw new ApiException(ProblemType.NOT_SERVED_HERE,
                    "This instance does not serve the web app (murmur.api.enabled=false); open it on an instance whose role is all or api");
        }
    }
}
