package dev.murmur.account.security;

import dev.murmur.account.AccessToken;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Set;

/**
 * Reads the web app's session cookie (decision 0702). It authenticates the pages, and under /api
 * only reads (GET, HEAD: the live event stream, for one): the API's writes stay bearer-only, so
 * they need no CSRF token, and the pages' writes are checked by the web app's CSRF filter.
 * A stale or revoked cookie makes the request anonymous, so a page can send the reader to log in
 * instead of answering 401.
 */
@ApplicationScoped
public class SessionCookieMechanism implements HttpAuthenticationMechanism {

    /** HttpOnly, SameSite=Lax; written by the web app's login (dev.murmur.web.WebSession). */
    public static final String COOKIE = "murmur_session";

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        if (context.request().getHeader("Authorization") != null) {
            return Uni.createFrom().nullItem(); // an API client: the bearer mechanism decides
        }
        Cookie cookie = context.request().getCookie(COOKIE);
        if (cookie == null || !appliesTo(context.normalizedPath(), context.request().method())) {
            return Uni.createFrom().nullItem();
        }
        return identityProviderManager.authenticate(new TokenAuthenticationRequest(cookie.getValue(), AccessToken.Kind.SESSION))
                .onFailure(AuthenticationFailedException.class).recoverWithNull();
    }

    static boolean appliesTo(String path, HttpMethod method) {
        boolean api = path.equals("/api") || path.startsWith("/api/");
        return !api || method == HttpMethod.GET || method == HttpMethod.HEAD;
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().nullItem();
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TokenAuthenticationRequest.class);
    }
}
