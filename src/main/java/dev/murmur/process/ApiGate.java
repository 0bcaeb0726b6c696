package dev.murmur.process;

import dev.murmur.problem.ApiConfig;
import dev.murmur.problem.ApiException;
import dev.murmur.problem.ProblemType;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Keeps the HTTP API off instances that do not serve it (murmur.api.enabled=false, which the
 * worker role sets): every request under /api, known path or not, gets a 404 not-served-here
 * problem before it is matched, authenticated or read. Health (/q/health), metrics (/q/metrics)
 * and the OpenAPI document are not under /api and stay served, so operators can watch a worker.
 */
public class ApiGate {

    private final boolean serves;
    private final ProcessRole role;

    public ApiGate(ApiConfig api, @ConfigProperty(name = ProcessRole.PROPERTY) ProcessRole role) {
        this.serves = api.enabled();
        this.role = role;
    }

    // Before RequestSizeFilter (Priorities.USER): an instance without the API says so, whatever the body.
    @ServerRequestFilter(preMatching = true, priority = Priorities.AUTHENTICATION)
    public void rejectWhenNotServed(ContainerRequestContext request) {
        if (!serves && isApi(request.getUriInfo().getPath())) {
            throw new ApiException(ProblemType.NOT_SERVED_HERE, "This instance runs with murmur.role=" + role
                    + " and murmur.api.enabled=false, so it does not serve /api; send API requests to an instance"
                    + " whose role is all or api");
        }
    }

    static boolean isApi(String path) {
        String p = path == null ? "" : path.replaceFirst("^/+", "");
        return p.equals("api") || p.startsWith("api/");
    }
}
