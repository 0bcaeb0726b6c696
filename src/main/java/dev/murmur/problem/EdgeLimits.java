package dev.murmur.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.List;
import java.util.Map;

/**
 * The request limits that Vert.x would otherwise answer with a bare status, enforced first on the
 * Vert.x router (before Quarkus's own upload limit route), so every refusal the server can still
 * answer is a problem document (docs/decisions/0603-*):
 * <ul>
 *   <li>headers above {@code murmur.api.max-header-bytes}: {@code 431 headers-too-large}. Netty's
 *   own limit ({@code quarkus.http.limits.max-header-size}) is set higher and stays a backstop;
 *   </li>
 *   <li>a {@code Content-Length} above {@code murmur.api.max-body-bytes}: {@code 413 payload-too-large},
 *   before any byte of the body is read (Quarkus's route for {@code quarkus.http.limits.max-body-size}
 *   answered that without a body). A chunked body is counted by {@link RequestSizeFilter}.</li>
 * </ul>
 * Requests Netty or Vert.x cannot decode at all (a negative or non-numeric {@code Content-Length}, a
 * control character in a header value) never reach a router: Vert.x answers them with a bare 400
 * and closes the connection, and Quarkus has no hook to change that.
 */
@ApplicationScoped
public class EdgeLimits {

    private final ApiConfig config;
    private final ObjectMapper json;

    public EdgeLimits(ApiConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
    }

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::check);
    }

    void check(RoutingContext context) {
        HttpServerRequest request = context.request();
        long headerBytes = headerBytes(request);
        if (headerBytes > config.maxHeaderBytes()) {
            refuse(context, ProblemType.HEADERS_TOO_LARGE, "The headers have " + headerBytes + " bytes; the limit is "
                    + config.maxHeaderBytes());
            return;
        }
        long length = contentLength(request);
        // An instance that does not serve the API reads no body: ApiGate answers 404 not-served-here
        // first, whatever the size (WorkerRoleTest).
        if (config.enabled() && length > config.maxBodyBytes()) {
            refuse(context, ProblemType.PAYLOAD_TOO_LARGE, "The body has " + length + " bytes; the limit is " + config.maxBodyBytes());
            return;
        }
        context.next();
    }

    /** The header block as sent: "name: value\r\n" per header (the request line is not counted). */
    static long headerBytes(HttpServerRequest request) {
        long bytes = 0;
        for (Map.Entry<String, String> header : request.headers()) {
            bytes += header.getKey().length() + 2 + header.getValue().length() + 2;
        }
        return bytes;
    }

    /** The declared length, or -1 without one. Netty already refused one that is not a number. */
    private static long contentLength(HttpServerRequest request) {
        String value = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void refuse(RoutingContext context, ProblemType type, String detail) {
        String body;
        try {
            body = json.writeValueAsString(Problem.of(type, detail, context.request().path(), List.of()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        // The body is not read; closing the connection is the only way to skip it (as Quarkus's own
        // upload limit does). Vert.x would otherwise wait for the unread body before closing.
        HttpServerRequest request = context.request();
        context.response()
                .setStatusCode(type.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, ProblemMappers.PROBLEM_JSON)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .endHandler(done -> request.connection().close())
                .end(body);
    }
}
