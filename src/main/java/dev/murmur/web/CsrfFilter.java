package dev.murmur.web;

import dev.murmur.problem.ApiException;
import dev.murmur.problem.ProblemType;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Set;

/**
 * Refuses a state-changing request to the web app (anything but GET, HEAD and OPTIONS outside
 * /api and /q) that lacks the X-CSRF-Token of its cookie, with 403 csrf-rejected, before the
 * request is matched or its body read. /api writes are bearer-only (SessionCookieMechanism), so a
 * browser's cookie cannot make them.
 */
public class CsrfFilter {

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    private final WebSession session;

    public CsrfFilter(WebSession session) {
        this.session = session;
    }

    @ServerRequestFilter(preMatching = true, priority = Priorities.AUTHENTICATION + 1)
    public void requireToken(ContainerRequestContext request) {
        if (SAFE.contains(request.getMethod()) || !isWebPath(request.getUriInfo().getPath())) {
            return;
        }
        if (!session.acceptsCsrf(request.getHeaderString(WebSession.CSRF_HEADER))) {
            throw new ApiException(ProblemType.CSRF_REJECTED,
                    "This form is out of date or did not come from Murmur; reload the page and try again");
        }
    }

    static boolean isWebPath(String path) {
        String p = path == null ? "" : path.replaceFirst("^/+", "");
        return !(p.equals("api") || p.startsWith("api/") || p.equals("q") || p.startsWith("q/"));
    }
}
