package dev.murmur.web;

import dev.murmur.account.security.SessionCookieMechanism;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

/**
 * The browser side of a request: the session cookie, and the CSRF token that goes with it
 * (decision 0702). The token is an HMAC of the cookie's secret value, so a page can carry it and a
 * cross-site page cannot compute it; nothing is stored for it. Before login, the secret is a random
 * pre-session cookie, so the login and sign-up forms are protected the same way.
 */
@RequestScoped
public class WebSession {

    /** A random value that only seeds the CSRF token of anonymous pages. */
    static final String ANONYMOUS_COOKIE = "murmur_anon";
    public static final String CSRF_HEADER = "X-CSRF-Token";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpServerRequest request;
    /** A pre-session seed made for this response, to be set as a cookie (WebCookies). */
    private String newAnonymousSeed;

    public WebSession(CurrentVertxRequest current) {
        this.request = current.getCurrent().request();
    }

    /** The CSRF token pages send back in the X-CSRF-Token header (htmx's hx-headers). */
    public String csrfToken() {
        return token(seed());
    }

    /** True if {@code presented} is the CSRF token of the cookie this request carries. */
    public boolean acceptsCsrf(String presented) {
        String seed = existingSeed();
        if (seed == null || presented == null) {
            return false;
        }
        return MessageDigest.isEqual(token(seed).getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.US_ASCII));
    }

    /** The Set-Cookie for a new session: HttpOnly, SameSite=Lax, Secure over https. */
    public Cookie sessionCookie(String token, Duration maxAge) {
        return cookie(SessionCookieMechanism.COOKIE, token, maxAge.toSeconds());
    }

    public Cookie clearedSessionCookie() {
        return cookie(SessionCookieMechanism.COOKIE, "", 0);
    }

    /** The pre-session cookie this response must set, if the page made one. */
    Cookie pendingAnonymousCookie() {
        return newAnonymousSeed == null ? null : cookie(ANONYMOUS_COOKIE, newAnonymousSeed, -1);
    }

    private String seed() {
        String seed = existingSeed();
        if (seed != null) {
            return seed;
        }
        if (newAnonymousSeed == null) {
            byte[] raw = new byte[32];
            RANDOM.nextBytes(raw);
            newAnonymousSeed = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        }
        return newAnonymousSeed;
    }

    private String existingSeed() {
        Cookie session = request.getCookie(SessionCookieMechanism.COOKIE);
        if (session != null && !session.getValue().isEmpty()) {
            return session.getValue();
        }
        Cookie anonymous = request.getCookie(ANONYMOUS_COOKIE);
        return anonymous == null || anonymous.getValue().isEmpty() ? null : anonymous.getValue();
    }

    private Cookie cookie(String name, String value, long maxAgeSeconds) {
        Cookie cookie = Cookie.cookie(name, value).setPath("/").setHttpOnly(true).setSameSite(CookieSameSite.LAX)
                .setSecure("https".equals(request.scheme()));
        if (maxAgeSeconds >= 0) {
            cookie.setMaxAge(maxAgeSeconds);
        }
        return cookie;
    }

    private static String token(String seed) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(seed.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] sum = mac.doFinal("murmur-csrf-v1".getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sum);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
