package dev.murmur.testing;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;

/** Test helpers that drive the real HTTP API: fresh accounts, logins, posts. */
public final class Api {

    public static final String PASSWORD = "correct horse battery";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private Api() {
    }

    /** A unique handle for this run, so tests never collide on shared data. */
    public static String handle(String prefix) {
        return (prefix + "_" + Long.toString(System.nanoTime() % 1_000_000_000L, 36) + SEQUENCE.incrementAndGet()).toLowerCase();
    }

    public record User(long id, String handle, String token) {
        public RequestSpecification as() {
            return given().auth().oauth2(token).contentType(ContentType.JSON);
        }
    }

    public static User newUser(String prefix) {
        String handle = handle(prefix);
        long id = given().contentType(ContentType.JSON)
                .body(Map.of("handle", handle, "displayName", "User " + handle, "password", PASSWORD))
                .post("/api/accounts")
                .then().statusCode(201)
                .extract().jsonPath().getLong("id");
        return new User(id, handle, login(handle, PASSWORD));
    }

    /** A new user to whom the test admin granted {@code role} (OPERATOR, AUDITOR, ...). */
    public static User newUserWithRole(String prefix, String role) {
        User user = newUser(prefix);
        given().auth().oauth2(login("admin", "murmur-admin-test")).contentType(ContentType.JSON)
                .put("/api/accounts/" + user.handle() + "/roles/" + role).then().statusCode(200);
        return user;
    }

    public static String login(String handle, String password) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("handle", handle, "password", password))
                .post("/api/auth/login")
                .then().statusCode(200)
                .extract().path("token");
    }

    public static long post(User author, String text) {
        return author.as().body(Map.of("text", text)).post("/api/posts")
                .then().statusCode(201)
                .extract().jsonPath().getLong("id");
    }
}
