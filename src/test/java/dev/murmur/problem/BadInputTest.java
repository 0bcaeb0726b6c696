package dev.murmur.problem;

import dev.murmur.testing.Api;
import dev.murmur.testing.DatabaseFingerprint;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.builder.ResponseBuilder;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.sql.DataSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bad-input table: every case gets the expected status and problem type as
 * application/problem+json, and the database is exactly as it was before the request.
 */
@QuarkusTest
class BadInputTest {

    record Case(String name, Supplier<Response> send, int status, String type) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Accounts and posts the cases act on; created once, before any fingerprint is taken. */
    static final class World {
        static Api.User ada;
        static Api.User bob;
        static Api.User blocker;
        static Api.User blocked;
        static long adaPost;
        static long blockerPost;
        static long deletedPost;
        static String revokedToken;
        static String expiredToken;
        static String adminToken;

        static synchronized void create(DataSource db) {
            if (ada != null) {
                return;
            }
            ada = Api.newUser("ada");
            bob = Api.newUser("bob");
            blocker = Api.newUser("blocker");
            blocked = Api.newUser("blocked");
            adaPost = Api.post(ada, "Hello #world");
            blockerPost = Api.post(blocker, "Mine");
            deletedPost = Api.post(ada, "Soon gone");
            ada.as().delete("/api/posts/" + deletedPost).then().statusCode(204);
            blocker.as().put("/api/accounts/" + blocked.handle() + "/block").then().statusCode(200);
            ada.as().header("Idempotency-Key", "key-1").body(Map.of("text", "first body")).post("/api/posts").then().statusCode(201);
            revokedToken = Api.login(bob.handle(), Api.PASSWORD);
            given().auth().oauth2(revokedToken).post("/api/auth/logout").then().statusCode(204);
            expiredToken = Api.login(bob.handle(), Api.PASSWORD);
            try (Connection c = db.getConnection()) {
                c.createStatement().executeUpdate("update access_token set expires_at = now() - interval '1 second' where revoked_at is null and account_id = "
                        + bob.id() + " and created_at = (select max(created_at) from access_token where account_id = " + bob.id() + ")");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            adminToken = Api.login("admin", "murmur-admin-test");
        }
    }

    @Inject
    DataSource dataSource;

    @BeforeEach
    void createWorld() {
        World.create(dataSource);
    }

    static Stream<Case> cases() {
        String longAscii = "a".repeat(501);
        String longEmoji = "👩‍👩‍👧".repeat(501);
        String longCombining = "e\u0301".repeat(501);
        String hugeJson = "{\"text\":\"" + "x".repeat(70_000) + "\"}";
        return Stream.of(
                // Post text
                post("post of 501 ASCII characters", Map.of("text", longAscii), 422, "post-too-long"),
                post("post of 501 emoji families (ZWJ sequences)", Map.of("text", longEmoji), 422, "post-too-long"),
                post("post of 501 e + combining acute", Map.of("text", longCombining), 422, "post-too-long"),
                post("empty text", Map.of("text", ""), 422, "invalid-text"),
                post("whitespace-only text", Map.of("text", " \n\t  "), 422, "invalid-text"),
                post("ideographic space and zero-width space only", Map.of("text", "\u3000\u200B"), 422, "invalid-text"),
                post("NUL character", Map.of("text", "hi\u0000there"), 422, "invalid-text"),
                post("bell control character", Map.of("text", "\u0007ding"), 422, "invalid-text"),
                post("terminal escape sequence", Map.of("text", "\u001b[31mred"), 422, "invalid-text"),
                post("missing text", Map.of("replyTo", 1), 400, "validation-failed"),
                rawPost("text as a number", "{\"text\": 42}", 400, "wrong-json-type"),
                rawPost("text as an array", "{\"text\": [\"a\"]}", 400, "wrong-json-type"),
                rawPost("replyTo as a string", "{\"text\": \"hi\", \"replyTo\": \"abc\"}", 400, "wrong-json-type"),
                rawPost("replyTo as a fraction", "{\"text\": \"hi\", \"replyTo\": 1.5}", 400, "wrong-json-type"),
                rawPost("malformed JSON", "{\"text\": ", 400, "malformed-json"),
                rawPost("not JSON at all", "text=hello", 400, "malformed-json"),
                rawPost("JSON array instead of object", "[]", 400, "wrong-json-type"),
                rawPost("JSON null body", "null", 400, "validation-failed"),
                rawPost("unknown field", "{\"text\": \"hi\", \"sneaky\": true}", 400, "validation-failed"),
                rawPost("oversized JSON body", hugeJson, 413, "payload-too-large"),
                // Valid JSON that would make a post, padded with whitespace; no Content-Length, so only counting stops it.
                new Case("chunked body one byte over the limit", () -> chunkedPost(World.ada, paddedPost("padded", maxBodyBytes() + 1)), 413, "payload-too-large"),
                new Case("chunked body of 5 MiB", () -> chunkedPost(World.ada, paddedPost("padded", 5 << 20)), 413, "payload-too-large"),
                new Case("wrong content type", () -> World.ada.as().contentType(ContentType.TEXT).body("hello").post("/api/posts"), 415, "unsupported-media-type"),
                new Case("reply to unknown post", () -> World.ada.as().body(Map.of("text", "hi", "replyTo", 987654321)).post("/api/posts"), 404, "not-found"),
                new Case("quote of a deleted post", () -> World.ada.as().body(Map.of("text", "hi", "quoteOf", World.deletedPost)).post("/api/posts"), 409, "post-deleted"),
                new Case("reply and quote at once", () -> World.ada.as().body(Map.of("text", "hi", "replyTo", World.adaPost, "quoteOf", World.adaPost)).post("/api/posts"), 400, "validation-failed"),
                new Case("idempotency key reused with another body", () -> World.ada.as().header("Idempotency-Key", "key-1").body(Map.of("text", "second body")).post("/api/posts"), 409, "idempotency-key-reused"),
                new Case("idempotency key with spaces", () -> World.ada.as().header("Idempotency-Key", "has spaces").body(Map.of("text", "x")).post("/api/posts"), 400, "validation-failed"),
                // Accounts
                register("handle too short", "ab", "Name", Api.PASSWORD, 400, "validation-failed"),
                register("handle too long", "a".repeat(31), "Name", Api.PASSWORD, 400, "validation-failed"),
                register("handle with a hyphen", "ada-l", "Name", Api.PASSWORD, 400, "validation-failed"),
                register("handle with non-ASCII letters", "ädä", "Name", Api.PASSWORD, 400, "validation-failed"),
                register("handle with SQL metacharacters", "x';drop table account;--", "Name", Api.PASSWORD, 400, "validation-failed"),
                new Case("handle taken, in another case", () -> registerRequest(World.ada.handle().toUpperCase(), "Ada", Api.PASSWORD), 409, "handle-taken"),
                register("password too short", Api.handle("pw"), "Name", "short", 400, "validation-failed"),
                register("blank display name", Api.handle("dn"), "   ", Api.PASSWORD, 400, "validation-failed"),
                register("display name with a control character", Api.handle("dn"), "Eve\u0008", Api.PASSWORD, 400, "validation-failed"),
                new Case("profile bio with NUL", () -> World.ada.as().body(Map.of("bio", "a\u0000b")).patch("/api/accounts/me"), 400, "validation-failed"),
                new Case("login with wrong password", () -> given().contentType(ContentType.JSON).body(Map.of("handle", World.ada.handle(), "password", "wrong password")).post("/api/auth/login"), 401, "invalid-credentials"),
                new Case("login with unknown handle", () -> given().contentType(ContentType.JSON).body(Map.of("handle", "nobody_here", "password", Api.PASSWORD)).post("/api/auth/login"), 401, "invalid-credentials"),
                // Tokens
                new Case("missing token", () -> given().get("/api/accounts/me"), 401, "unauthenticated"),
                new Case("forged token", () -> given().auth().oauth2("A".repeat(43)).get("/api/accounts/me"), 401, "invalid-token"),
                new Case("garbage token", () -> given().auth().oauth2("' or 1=1 --").get("/api/timelines/home"), 401, "invalid-token"),
                new Case("revoked token", () -> given().auth().oauth2(World.revokedToken).get("/api/accounts/me"), 401, "invalid-token"),
                new Case("expired token", () -> given().auth().oauth2(World.expiredToken).get("/api/accounts/me"), 401, "invalid-token"),
                new Case("posting without a token", () -> given().contentType(ContentType.JSON).body(Map.of("text", "hi")).post("/api/posts"), 401, "unauthenticated"),
                // Roles
                new Case("non-admin grants a role", () -> World.ada.as().put("/api/accounts/" + World.bob.handle() + "/roles/operator"), 403, "forbidden"),
                new Case("user grants themselves admin", () -> World.ada.as().put("/api/accounts/" + World.ada.handle() + "/roles/admin"), 403, "forbidden"),
                new Case("admin grants themselves a role", () -> given().auth().oauth2(World.adminToken).put("/api/accounts/admin/roles/operator"), 403, "forbidden"),
                new Case("unknown role", () -> given().auth().oauth2(World.adminToken).put("/api/accounts/" + World.bob.handle() + "/roles/king"), 400, "validation-failed"),
                // Unknown ids and routes
                new Case("unknown post", () -> given().get("/api/posts/987654321"), 404, "not-found"),
                new Case("non-numeric post id", () -> given().get("/api/posts/abc"), 404, "not-found"),
                new Case("like an unknown post", () -> World.ada.as().put("/api/posts/987654321/like"), 404, "not-found"),
                new Case("like a deleted post", () -> World.bob.as().put("/api/posts/" + World.deletedPost + "/like"), 409, "post-deleted"),
                new Case("follow an unknown account", () -> World.ada.as().put("/api/accounts/nobody_here/follow"), 404, "not-found"),
                new Case("profile lookup with SQL metacharacters", () -> given().get("/api/accounts/x' or '1'='1"), 404, "not-found"),
                new Case("unknown route", () -> given().get("/api/nothing-here"), 404, "not-found"),
                new Case("method not allowed", () -> World.ada.as().patch("/api/posts"), 405, "method-not-allowed"),
                new Case("delete someone else's post", () -> World.bob.as().delete("/api/posts/" + World.adaPost), 403, "forbidden"),
                new Case("follow yourself", () -> World.ada.as().put("/api/accounts/" + World.ada.handle() + "/follow"), 422, "self-action"),
                new Case("report both an account and a post", () -> World.ada.as().body(Map.of("account", World.bob.handle(), "post", World.adaPost, "reason", "SPAM")).post("/api/reports"), 400, "validation-failed"),
                new Case("report with an unknown reason", () -> World.ada.as().body(Map.of("post", World.adaPost, "reason", "BORED")).post("/api/reports"), 400, "wrong-json-type"),
                // Timelines
                new Case("page limit of zero", () -> given().get("/api/timelines/profile/" + World.ada.handle() + "?limit=0"), 400, "validation-failed"),
                new Case("page limit above the maximum", () -> given().get("/api/timelines/profile/" + World.ada.handle() + "?limit=1000"), 400, "validation-failed"),
                new Case("forged cursor", () -> given().get("/api/timelines/profile/" + World.ada.handle() + "?cursor=bm90LWEtY3Vyc29y"), 400, "validation-failed"),
                new Case("search without a query", () -> given().get("/api/search/posts"), 400, "validation-failed"),
                // Blocks
                new Case("blocked account follows the blocker", () -> World.blocked.as().put("/api/accounts/" + World.blocker.handle() + "/follow"), 403, "blocked"),
                new Case("blocked account replies to the blocker", () -> World.blocked.as().body(Map.of("text", "hey", "replyTo", World.blockerPost)).post("/api/posts"), 403, "blocked"),
                new Case("blocked account quotes the blocker", () -> World.blocked.as().body(Map.of("text", "hey", "quoteOf", World.blockerPost)).post("/api/posts"), 403, "blocked"),
                new Case("blocked account likes the blocker's post", () -> World.blocked.as().put("/api/posts/" + World.blockerPost + "/like"), 403, "blocked"),
                new Case("blocked account reposts the blocker's post", () -> World.blocked.as().put("/api/posts/" + World.blockerPost + "/repost"), 403, "blocked"),
                new Case("blocked account reads the blocker's profile timeline", () -> World.blocked.as().get("/api/timelines/profile/" + World.blocker.handle()), 403, "blocked"),
                new Case("blocked account opens the blocker's post", () -> World.blocked.as().get("/api/posts/" + World.blockerPost), 403, "blocked"),
                new Case("blocker follows the account they blocked", () -> World.blocker.as().put("/api/accounts/" + World.blocked.handle() + "/follow"), 403, "blocked"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldRejectWithProblemAndWriteNothing(Case c) {
        String before = DatabaseFingerprint.of(dataSource);

        Response response = c.send().get();

        assertThat(response.statusCode()).as("status of: " + c.name()).isEqualTo(c.status());
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.jsonPath().getString("type")).isEqualTo("https://murmur.dev/problems/" + c.type());
        assertThat(response.jsonPath().getInt("status")).isEqualTo(c.status());
        assertThat(response.jsonPath().getString("title")).isNotBlank();
        assertThat(DatabaseFingerprint.of(dataSource)).as("database after: " + c.name()).isEqualTo(before);
    }

    @Test
    void tableHasAtLeastFortyCases() {
        assertThat(cases().count()).isGreaterThanOrEqualTo(40);
    }

    /** Proves that {@link #chunkedPost} sends no Content-Length: only a counted body gets this detail. */
    @Test
    void shouldCountChunkedBodyAsItIsRead() {
        int limit = maxBodyBytes();

        Response response = chunkedPost(World.ada, paddedPost("padded", limit + 1));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.jsonPath().getString("detail"))
                .isEqualTo("The body has more than " + limit + " bytes; the limit is " + limit);
    }

    /** Small (read at once) and at the limit (streamed): both go through, and make their post. */
    @Test
    void shouldAcceptChunkedBodyUpToTheLimit() {
        for (int size : new int[] {100, maxBodyBytes()}) {
            String text = "chunked body of " + size + " bytes";

            Response response = chunkedPost(World.ada, paddedPost(text, size));

            assertThat(response.statusCode()).as("status for " + size + " bytes").isEqualTo(201);
            long id = response.jsonPath().getLong("id");
            assertThat(given().get("/api/posts/" + id).then().statusCode(200).extract().jsonPath().getString("text")).isEqualTo(text);
        }
    }

    private static Case post(String name, Map<String, Object> body, int status, String type) {
        return new Case(name, () -> World.ada.as().body(body).post("/api/posts"), status, type);
    }

    private static Case rawPost(String name, String body, int status, String type) {
        return new Case(name, () -> World.ada.as().body(body).post("/api/posts"), status, type);
    }

    private static Case register(String name, String handle, String displayName, String password, int status, String type) {
        return new Case(name, () -> registerRequest(handle, displayName, password), status, type);
    }

    private static int maxBodyBytes() {
        return ConfigProvider.getConfig().getValue("murmur.api.max-body-bytes", Integer.class);
    }

    /** {@code {"text":"..."}} with whitespace before the closing brace, {@code size} bytes in all. */
    private static byte[] paddedPost(String text, int size) {
        String head = "{\"text\":\"" + text + "\"";
        return (head + " ".repeat(size - head.length() - 1) + "}").getBytes(StandardCharsets.US_ASCII);
    }

    private static final HttpClient HTTP_1_1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /**
     * POST /api/posts with a body of unknown length, which HTTP/1.1 sends chunked, without a
     * Content-Length (REST Assured always sends one). The answer comes back as a REST Assured response.
     */
    private static Response chunkedPost(Api.User user, byte[] body) {
        URI uri = URI.create(RestAssured.baseURI + ":" + RestAssured.port + RestAssured.basePath + "/api/posts");
        HttpRequest request = HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + user.token())
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();
        try {
            HttpResponse<String> response = HTTP_1_1.send(request, BodyHandlers.ofString());
            return new ResponseBuilder()
                    .setStatusCode(response.statusCode())
                    .setContentType(response.headers().firstValue("Content-Type").orElse(""))
                    .setBody(response.body())
                    .build();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Response registerRequest(String handle, String displayName, String password) {
        RequestSpecification request = given().contentType(ContentType.JSON);
        return request.body(Map.of("handle", handle, "displayName", displayName, "password", password)).post("/api/accounts");
    }

}
