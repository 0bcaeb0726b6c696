package dev.murmur.web;

import dev.murmur.testing.Api;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A signed-in browser session for REST Assured tests of the web pages: its session cookie and the
 * CSRF token its pages carry, made the way a browser makes them (the login page's form, with its token).
 */
public record FormSession(String session, String csrf) {

    private static final Pattern CSRF = Pattern.compile("X-CSRF-Token(?:&quot;|\")\\s*:\\s*(?:&quot;|\")([A-Za-z0-9_-]+)");

    public RequestSpecification get() {
        return given().redirects().follow(false).cookie("murmur_session", session);
    }

    /** A state-changing htmx request of this session, with its CSRF token. */
    public RequestSpecification post() {
        return get().header(WebSession.CSRF_HEADER, csrf).header("HX-Request", "true").contentType(ContentType.URLENC);
    }

    public static FormSession logIn(Api.User user) {
        Response login = given().redirects().follow(false).get("/login");
        String anonymous = login.cookie(WebSession.ANONYMOUS_COOKIE);
        Response done = given().redirects().follow(false).cookie(WebSession.ANONYMOUS_COOKIE, anonymous)
                .header(WebSession.CSRF_HEADER, csrfOf(login.asString())).contentType(ContentType.URLENC)
                .formParam("handle", user.handle()).formParam("password", Api.PASSWORD).post("/login");
        String session = done.cookie("murmur_session");
        assertThat(session).as("the login page set a session: %s", done.asString()).isNotBlank();
        String home = given().cookie("murmur_session", session).get("/").asString();
        return new FormSession(session, csrfOf(home));
    }

    public static String csrfOf(String html) {
        Matcher m = CSRF.matcher(html);
        assertThat(m.find()).as("the page carries its CSRF token").isTrue();
        return m.group(1);
    }
}
