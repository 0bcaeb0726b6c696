package dev.murmur.web;

import dev.murmur.problem.ApiException;
import dev.murmur.problem.ProblemType;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.net.URI;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Failures on the web app's pages, in words: a full page for a navigation, a short text for an
 * htmx request (the page script shows it and rolls back what it showed early). Never JSON, never a
 * stack trace. The web resources' exception mappers delegate here.
 */
@ApplicationScoped
public class WebErrors {

    private static final Logger LOG = Logger.getLogger(WebErrors.class);

    @CheckedTemplate(basePath = "web", requireTypeSafeExpressions = false)
    static class Templates {
        static native TemplateInstance error(Chrome chrome, int status, String title, String message);
    }

    private final WebContext context;

    public WebErrors(WebContext context) {
        this.context = context;
    }

    public Response api(ApiException e, HttpHeaders headers) {
        return respond(e.type().status(), e.type().title(), FormErrors.sentence(e.type().title(), e.getMessage()), headers);
    }

    public Response unauthorized(UnauthorizedException e, HttpHeaders headers) {
        if (isHtmx(headers)) {
            return respond(401, ProblemType.UNAUTHENTICATED.title(), "Your session has ended; log in again", headers);
        }
        return Response.seeOther(URI.create("/login")).build();
    }

    /**
     * Signed in, but the roles do not allow the page: the same refusal as the API's 403 forbidden, in words.
     * Answered on the I/O thread, where the role check runs, so its chrome needs no database.
     */
    public Response forbidden(ForbiddenException e, HttpHeaders headers) {
        return respond(ProblemType.FORBIDDEN.status(), ProblemType.FORBIDDEN.title(),
                "Your roles do not allow this page. The console is for operators (moderation also for admins).", headers,
                () -> context.chromeWithoutLookups(""));
    }

    public Response unexpected(Throwable e, HttpHeaders headers) {
        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "Unhandled failure on a page, incident %s", incident);
        return respond(500, "Something went wrong on our side", "It was logged as incident " + incident + ". Try again in a moment.", headers);
    }

    private Response respond(int status, String title, String message, HttpHeaders headers) {
        return respond(status, title, message, headers, () -> context.chrome(""));
    }

    private Response respond(int status, String title, String message, HttpHeaders headers, Supplier<Chrome> chrome) {
        if (isHtmx(headers)) {
            // The page script shows this text; nothing is swapped into the page.
            return Response.status(status).type(MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8"))
                    .header("HX-Reswap", "none").entity(message).build();
        }
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(Templates.error(chrome.get(), status, title, message).render()).build();
    }

    static boolean isHtmx(HttpHeaders headers) {
        return headers != null && "true".equals(headers.getHeaderString("HX-Request"));
    }
}
