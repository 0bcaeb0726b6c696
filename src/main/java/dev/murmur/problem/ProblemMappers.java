package dev.murmur.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/** The one place where failures become {@code application/problem+json} responses. */
public class ProblemMappers {

    public static final String PROBLEM_JSON = "application/problem+json";

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e, UriInfo uri) {
        return respond(Problem.of(e.type(), e.getMessage(), path(uri), e.fieldErrors()));
    }

    /** A limit refused the request: the problem, and when to try again (RFC 9110 Retry-After, in seconds). */
    @ServerExceptionMapper
    public Response tooManyRequests(TooManyRequestsException e, UriInfo uri) {
        return Response.fromResponse(api(e, uri)).header("Retry-After", e.retryAfterSeconds()).build();
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldName(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        String detail = errors.stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; "));
        return respond(Problem.of(ProblemType.VALIDATION_FAILED, detail, path(uri), errors));
    }

    // Quarkus ships mappers for these Jackson subtypes; naming them here makes ours take precedence.
    @ServerExceptionMapper
    public Response jsonParse(JsonParseException e, UriInfo uri) {
        return json(e, uri);
    }

    @ServerExceptionMapper
    public Response jsonMismatch(MismatchedInputException e, UriInfo uri) {
        return json(e, uri);
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e, UriInfo uri) {
        if (StrictJson.isDuplicateKey(e)) {
            return respond(Problem.of(ProblemType.DUPLICATE_JSON_KEY, e.getOriginalMessage(), path(uri), List.of()));
        }
        if (e instanceof NotTextException notText) {
            String field = jsonPath(notText);
            return respond(Problem.of(ProblemType.MALFORMED_TEXT, e.getOriginalMessage(), path(uri),
                    field.isEmpty() ? List.of() : List.of(new Problem.FieldError(field, "is not Unicode text"))));
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            String field = unknown.getPropertyName();
            return respond(Problem.of(ProblemType.VALIDATION_FAILED, "Unknown field '" + field + "'", path(uri),
                    List.of(new Problem.FieldError(field, "is not a known field"))));
        }
        if (e instanceof MismatchedInputException mismatch && !(e instanceof JsonParseException)) {
            String field = jsonPath(mismatch);
            String expected = mismatch.getTargetType() == null ? "another type" : jsonTypeName(mismatch.getTargetType());
            if (field.isEmpty()) {
                return respond(Problem.of(ProblemType.WRONG_JSON_TYPE, "The body must be " + expected, path(uri), List.of()));
            }
            return respond(Problem.of(ProblemType.WRONG_JSON_TYPE, "Field '" + field + "' must be " + expected, path(uri),
                    List.of(new Problem.FieldError(field, "must be " + expected))));
        }
        return respond(Problem.of(ProblemType.MALFORMED_JSON, "The body could not be parsed as JSON: "
                + e.getOriginalMessage(), path(uri), List.of()));
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        return respond(Problem.of(ProblemType.UNAUTHENTICATED, "Send 'Authorization: Bearer <token>'; get a token from POST /api/auth/login", path(uri), List.of()));
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        return respond(Problem.of(ProblemType.INVALID_TOKEN, "Log in again to get a new token", path(uri), List.of()));
    }

    @ServerExceptionMapper
    public Response forbidden(io.quarkus.security.ForbiddenException e, UriInfo uri) {
        return respond(Problem.of(ProblemType.FORBIDDEN, "Your roles do not allow this", path(uri), List.of()));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return json(json, uri);
        }
        int status = e.getResponse().getStatus();
        ProblemType type = switch (status) {
            case 401 -> ProblemType.UNAUTHENTICATED;
            case 403 -> ProblemType.FORBIDDEN;
            case 404 -> ProblemType.NOT_FOUND;
            case 405 -> ProblemType.METHOD_NOT_ALLOWED;
            case 413 -> ProblemType.PAYLOAD_TOO_LARGE;
            case 415 -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
            default -> status >= 500 ? ProblemType.INTERNAL : ProblemType.VALIDATION_FAILED;
        };
        if (status >= 500) {
            return unexpected(e, uri);
        }
        String detail = type == ProblemType.VALIDATION_FAILED ? e.getMessage() : type.title();
        return respond(new Problem(type.uri(), type.title(), status, detail, path(uri), List.of()));
    }

    /**
     * A chain failure's message can quote the RPC URL, which often carries a provider's key: it goes to
     * the log under an incident id, and the body says only that the chain failed (docs/security.md).
     */
    @ServerExceptionMapper
    public Response chain(dev.murmur.chain.ChainException e, UriInfo uri) {
        String incident = UUID.randomUUID().toString();
        LOG.warnf("chain request failed, incident %s: %s", incident, e.getMessage());
        return respond(Problem.of(ProblemType.CHAIN_UNAVAILABLE, "The chain node could not be reached or refused the request;"
                + " incident " + incident + " was logged", path(uri), List.of()));
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        if (poolExhausted(e)) {
            // Load, not a fault: nothing was written (the transaction never got a connection); say when to retry.
            LOG.warnf("no database connection within the acquisition timeout for %s", path(uri));
            return Response.fromResponse(respond(Problem.of(ProblemType.DATABASE_BUSY,
                    "Every database connection stayed busy; nothing was changed. Try again shortly", path(uri), List.of())))
                    .header("Retry-After", 1).build();
        }
        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "Unhandled failure, incident %s", incident);
        return respond(Problem.of(ProblemType.INTERNAL, "Incident " + incident + " was logged", path(uri), List.of()));
    }

    /**
     * Whether the connection pool could not hand out a connection (its acquisition timeout passed).
     * Agroal reports that as a plain {@link java.sql.SQLException} thrown by the pool itself (its
     * wording differs by path), which Hibernate and Narayana then wrap; so the test is where it was
     * thrown, not its message. An error from the database or its driver is not the pool's.
     */
    public static boolean poolExhausted(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof java.sql.SQLException && t.getStackTrace().length > 0
                    && t.getStackTrace()[0].getClassName().startsWith("io.agroal.pool.")) {
                return true;
            }
        }
        return false;
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status()).type(PROBLEM_JSON).entity(problem).build();
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : "/" + uri.getPath().replaceFirst("^/", "");
    }

    /** "register.request.handle" becomes "handle": clients know fields, not Java parameters. */
    private static String fieldName(ConstraintViolation<?> violation) {
        List<String> nodes = StreamSupport.stream(violation.getPropertyPath().spliterator(), false)
                .map(n -> n.getName() == null ? "" : n.getName())
                .toList();
        if (nodes.size() <= 2) {
            return nodes.isEmpty() ? "body" : nodes.getLast();
        }
        return String.join(".", nodes.subList(2, nodes.size()));
    }

    private static String jsonPath(com.fasterxml.jackson.databind.JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    private static String jsonTypeName(Class<?> type) {
        if (type.isEnum()) return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        if (type == String.class) return "a string";
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) return "a number";
        if (type == Boolean.class || type == boolean.class) return "a boolean";
        if (type.isArray() || Iterable.class.isAssignableFrom(type)) return "an array";
        return "an object";
    }
}
