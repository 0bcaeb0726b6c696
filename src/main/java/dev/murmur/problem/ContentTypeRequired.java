package dev.murmur.problem;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A request with a body must say what the body is. RESTEasy Reactive reads a body without a
 * {@code Content-Type} as the endpoint's {@code @Consumes} type, so it was parsed as JSON and could
 * create an account; docs/api.md promises 415 instead (docs/decisions/0603-*). A body is one with
 * a non-zero {@code Content-Length} or sent chunked.
 */
public class ContentTypeRequired {

    @ServerRequestFilter
    public void requireContentType(ContainerRequestContext request) {
        if (request.getHeaderString(HttpHeaders.CONTENT_TYPE) == null && hasBody(request)) {
            throw new ApiException(ProblemType.UNSUPPORTED_MEDIA_TYPE,
                    "The request has a body but no Content-Type; send Content-Type: application/json");
        }
    }

    private static boolean hasBody(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            return !length.trim().equals("0");
        }
        return request.getHeaderString("Transfer-Encoding") != null;
    }
}
