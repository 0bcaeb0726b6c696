package dev.murmur.web;

import dev.murmur.account.AccessToken;
import dev.murmur.account.AccountApi.RegisterRequest;
import dev.murmur.account.security.CurrentAccount;
import dev.murmur.account.service.AccountService;
import dev.murmur.account.service.AuthService;
import dev.murmur.account.config.AuthConfig;
import dev.murmur.problem.ApiException;
import dev.murmur.problem.Problem;
import dev.murmur.problem.ProblemType;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.quarkus.security.UnauthorizedException;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.net.URI;
import java.util.Comparator;
import java.util.Set;

/** Sign up, log in and log out. A login makes a browser session (decision 0702). */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class AuthPages {

    /** What the reader typed, to show again with the errors (never the password). */
    public record AuthForm(String handle, String displayName, FormErrors errors) {
    }

    @CheckedTemplate(basePath = "web", requireTypeSafeExpressions = false)
    static class Templates {
        static native TemplateInstance login(Chrome chrome, AuthForm form);

        static native TemplateInstance login$form(Chrome chrome, AuthForm form);

        static native TemplateInstance signup(Chrome chrome, AuthForm form);

        static native TemplateInstance signup$form(Chrome chrome, AuthForm form);
    }

    private final AuthService auth;
    private final AccountService accounts;
    private final AuthConfig config;
    private final Validator validator;
    private final WebContext context;
    private final WebSession session;
    private final CurrentAccount current;
    private final WebErrors errors;

    public AuthPages(AuthService auth, AccountService accounts, AuthConfig config, Validator validator, WebContext context,
                     WebSession session, CurrentAccount current, WebErrors errors) {
        this.auth = auth;
        this.accounts = accounts;
        this.config = config;
        this.validator = validator;
        this.context = context;
        this.session = session;
        this.current = current;
        this.errors = errors;
    }

    @GET
    @Path("login")
    @PermitAll
    public Response loginPage() {
        if (context.viewer().isPresent()) {
            return Response.seeOther(URI.create("/")).build();
        }
        return html(Templates.login(context.chrome("login"), new AuthForm("", "", FormErrors.NONE)), 200);
    }

    @POST
    @Path("login")
    @PermitAll
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response login(@FormParam("handle") String handle, @FormParam("password") String password) {
        try {
            if (handle == null || handle.isBlank() || password == null || password.isEmpty()) {
                throw new ApiException(ProblemType.INVALID_CREDENTIALS, "Enter your handle and your password");
            }
            return signedIn(auth.login(handle.strip(), password, AccessToken.Kind.SESSION));
        } catch (ApiException e) {
            return html(Templates.login$form(context.chrome("login"), new AuthForm(handle, "", FormErrors.of(e))), e.type().status());
        }
    }

    @GET
    @Path("signup")
    @PermitAll
    public Response signupPage() {
        if (context.viewer().isPresent()) {
            return Response.seeOther(URI.create("/")).build();
        }
        return html(Templates.signup(context.chrome("signup"), new AuthForm("", "", FormErrors.NONE)), 200);
    }

    /** The same checks as POST /api/accounts: its Bean Validation rules, then the service's. */
    @POST
    @Path("signup")
    @PermitAll
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signup(@FormParam("handle") String handle, @FormParam("displayName") String displayName,
                           @FormParam("password") String password) {
        RegisterRequest request = new RegisterRequest(handle, displayName, password);
        try {
            Set<ConstraintViolation<RegisterRequest>> violations = validator.validate(request);
            if (!violations.isEmpty()) {
                throw new ApiException(ProblemType.VALIDATION_FAILED, "The form has errors", violations.stream()
                        .map(v -> new Problem.FieldError(v.getPropertyPath().toString(), v.getMessage()))
                        .sorted(Comparator.comparing(Problem.FieldError::field)).toList());
            }
            accounts.register(handle, displayName, password);
            return signedIn(auth.login(handle, password, AccessToken.Kind.SESSION));
        } catch (ApiException e) {
            return html(Templates.signup$form(context.chrome("signup"), new AuthForm(handle, displayName, FormErrors.of(e))),
                    e.type().status());
        }
    }

    /** Revokes the session server-side and clears the cookie. */
    @POST
    @Path("logout")
    @Authenticated
    public Response logout() {
        auth.logout(current.tokenHash());
        return Response.noContent().header("HX-Redirect", "/login")
                .header(HttpHeaders.SET_COOKIE, session.clearedSessionCookie().encode()).build();
    }

    private Response signedIn(AuthService.IssuedToken issued) {
        return Response.noContent().header("HX-Redirect", "/")
                .header(HttpHeaders.SET_COOKIE, session.sessionCookie(issued.token(), config.sessionTtl()).encode()).build();
    }

    static Response html(TemplateInstance page, int status) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(page.render()).build();
    }

    @ServerExceptionMapper
    public Response mapApi(ApiException e, HttpHeaders headers) {
        return errors.api(e, headers);
    }

    @ServerExceptionMapper
    public Response mapUnauthorized(UnauthorizedException e, HttpHeaders headers) {
        return errors.unauthorized(e, headers);
    }
}
