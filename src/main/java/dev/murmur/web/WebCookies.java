package dev.murmur.web;

import io.vertx.core.http.Cookie;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/** Sets the pre-session cookie when a page handed out a CSRF token seeded by a new one. */
public class WebCookies {

    private final WebSession session;

    public WebCookies(WebSession session) {
        this.session = session;
    }

    @ServerResponseFilter
    public void setPending(ContainerResponseContext response) {
        Cookie pending = session.pendingAnonymousCookie();
        if (pending != null) {
            response.getHeaders().add(HttpHeaders.SET_COOKIE, pending.encode());
        }
    }
}
