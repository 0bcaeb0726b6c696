package dev.murmur.problem;

import dev.murmur.testing.Api;
import dev.murmur.testing.DatabaseFingerprint;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.sql.DataSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12, section 1: at least 200 malformed requests across every endpoint that takes a body.
 * Each gets a 4xx (never a 5xx) with an {@code application/problem+json} body, and the database is
 * exactly as it was before. Where the issue names the answer (duplicate keys, bytes that are not
 * text, a missing or wrong Content-Type), the problem type is checked too.
 *
 * <p>The cases are generated: every endpoint gets the same structural damage (truncated, empty,
 * not an object, deeply nested, duplicate keys, broken UTF-8, wrong Content-Type), and every field
 * gets the damage its type invites (wrong types; huge, negative and fractional numbers; invisible,
 * direction-changing and unpaired-surrogate text). Requests are sent as raw bytes with the JDK's
 * HTTP client, so nothing re-encodes them on the way.
 */
@QuarkusTest
class MalformedRequestTableTest {

    private static final String PROBLEMS = "https://murmur.dev/problems/";

    enum Kind { TEXT, NUMBER, AMOUNT, BOOLEAN, ENUM }

    /** A field of an endpoint's body, with a valid JSON value to put next to a damaged one. */
    record Field(String name, Kind kind, String validJson) {
    }

    enum Who { ANONYMOUS, USER, OPERATOR }

    /** Stands for the id of a post of bob's in bodies; replaced when the request is sent. */
    private static final String BOB_POST = "4242424242424242";

    /** An endpoint that takes a JSON body. */
    record Endpoint(String method, String path, Who who, boolean idempotencyKey, List<Field> fields) {
        String name() {
            return method + " " + path;
        }
    }

    record Case(String name, Endpoint endpoint, String contentType, byte[] body, String type) {
        @Override
        public String toString() {
            return endpoint.name() + ": " + name;
        }
    }

    /** Accounts, posts and ids the endpoints act on; created once, before any fingerprint is taken. */
    static final class World {
        static Api.User ada;
        static Api.User bob;
        static Api.User operator;
        static long adaPost;
        static long bobPost;
        static long period;

        static synchronized void create() {
            if (ada != null) {
                return;
            }
            ada = Api.newUser("tbl_ada");
            bob = Api.newUser("tbl_bob");
            operator = Api.newUserWithRole("tbl_op", "OPERATOR");
            adaPost = Api.post(ada, "Table #world");
            bobPost = Api.post(bob, "Report me");
            period = given().auth().oauth2(operator.token()).get("/api/operator/periods/current")
                    .then().statusCode(200).extract().jsonPath().getLong("period.id");
        }

        /** Placeholders in paths: {post}, {period}, {bob}, {bobId}. */
        static String path(String template) {
            return template.replace("{post}", Long.toString(adaPost)).replace("{period}", Long.toString(period))
                    .replace("{bobId}", Long.toString(bob.id())).replace("{bob}", bob.handle());
        }

        static String token(Who who) {
            return switch (who) {
                case ANONYMOUS -> null;
                case USER -> ada.token();
                case OPERATOR -> operator.token();
            };
        }
    }

    /** Every endpoint with a body (src/main/java/**&#47;rest, docs/api.md). */
    static List<Endpoint> endpoints() {
        return List.of(
                new Endpoint("POST", "/api/accounts", Who.ANONYMOUS, false, List.of(
                        new Field("handle", Kind.TEXT, "\"tbl_new_handle\""), new Field("displayName", Kind.TEXT, "\"New\""),
                        new Field("password", Kind.TEXT, "\"correct horse battery\""))),
                new Endpoint("PATCH", "/api/accounts/me", Who.USER, false, List.of(
                        new Field("displayName", Kind.TEXT, "\"Ada\""), new Field("bio", Kind.TEXT, "\"Hello\""))),
                new Endpoint("POST", "/api/auth/login", Who.ANONYMOUS, false, List.of(
                        new Field("handle", Kind.TEXT, "\"nobody_here\""), new Field("password", Kind.TEXT, "\"correct horse battery\""))),
                new Endpoint("POST", "/api/posts", Who.USER, false, List.of(
                        new Field("text", Kind.TEXT, "\"hello\""), new Field("replyTo", Kind.NUMBER, "987654321"))),
                new Endpoint("POST", "/api/reports", Who.USER, false, List.of(
                        new Field("post", Kind.NUMBER, BOB_POST), new Field("reason", Kind.ENUM, "\"SPAM\""),
                        new Field("comment", Kind.TEXT, "\"spam\""))),
                new Endpoint("POST", "/api/tips", Who.USER, true, List.of(
                        new Field("creator", Kind.TEXT, "\"nobody_here\""), new Field("amount", Kind.AMOUNT, "\"1.5\""),
                        new Field("message", Kind.TEXT, "\"thanks\""), new Field("anonymous", Kind.BOOLEAN, "false"))),
                new Endpoint("POST", "/api/balance/withdraw", Who.USER, true, List.of(
                        new Field("amount", Kind.AMOUNT, "\"1000000\""))),
                new Endpoint("POST", "/api/wallets/challenge", Who.USER, false, List.of(
                        new Field("address", Kind.TEXT, "\"0xzz\""))),
                new Endpoint("POST", "/api/wallets/link", Who.USER, false, List.of(
                        new Field("nonce", Kind.TEXT, "\"unknown\""), new Field("signature", Kind.TEXT, "\"0x00\""))),
                // (PUT /api/operator/accounts/{id}/wallet is gone: only the owner's proof links a wallet, decision 0615.)
                new Endpoint("POST", "/api/auth/step-up", Who.USER, false, List.of(
                        new Field("password", Kind.TEXT, "\"not the password\""))),
                new Endpoint("PUT", "/api/operator/trends/tags/world", Who.OPERATOR, false, List.of(
                        new Field("trendable", Kind.BOOLEAN, "true"), new Field("reason", Kind.TEXT, "\"spam\""))),
                new Endpoint("PUT", "/api/operator/trends/accounts/{bob}", Who.OPERATOR, false, List.of(
                        new Field("excluded", Kind.BOOLEAN, "null"))),
                new Endpoint("POST", "/api/operator/moderation/posts/{post}/removal", Who.OPERATOR, false, List.of(
                        new Field("reason", Kind.TEXT, "\"spam\""))),
                new Endpoint("PUT", "/api/operator/moderation/accounts/{bob}", Who.OPERATOR, false, List.of(
                        new Field("suspended", Kind.BOOLEAN, "true"), new Field("reason", Kind.TEXT, "\"spam\""))),
                new Endpoint("PUT", "/api/operator/periods/{period}/budget", Who.OPERATOR, false, List.of(
                        new Field("budget", Kind.NUMBER, "5"))),
                new Endpoint("POST", "/api/operator/settlement/fund", Who.OPERATOR, false, List.of(
                        new Field("amount", Kind.NUMBER, "0"))));
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (Endpoint e : endpoints()) {
            Field first = e.fields().getFirst();
            String valid = object(e.fields(), Map.of());
            // Structure
            cases.add(json(e, "truncated object", valid.substring(0, valid.length() - 1), null));
            cases.add(json(e, "truncated inside a string", "{\"" + first.name() + "\": \"abc", null));
            cases.add(json(e, "empty body", "", null));
            cases.add(json(e, "null body", "null", null));
            cases.add(json(e, "array instead of object", "[" + valid + "]", null));
            cases.add(json(e, "string instead of object", "\"" + first.name() + "\"", null));
            cases.add(json(e, "number instead of object", "42", null));
            cases.add(json(e, "trailing garbage", valid + "}", null));
            cases.add(json(e, "deeply nested array in a field", object(e.fields(), Map.of(first.name(), "[".repeat(5_000) + "]".repeat(5_000))), null));
            cases.add(json(e, "deeply nested objects", "{\"a\":".repeat(3_000) + "1" + "}".repeat(3_000), null));
            cases.add(json(e, "unknown field", object(e.fields(), Map.of("sneaky", "true")), null));
            cases.add(json(e, "unpaired surrogate in a field name", "{\"\\ud800\": 1}", null));
            // Duplicate keys: the whole body twice over, and one key twice among the others.
            cases.add(json(e, "only key twice", "{\"" + first.name() + "\": " + first.validJson() + ", \"" + first.name() + "\": "
                    + first.validJson() + "}", "duplicate-json-key"));
            cases.add(json(e, "a key twice among others", valid.substring(0, valid.length() - 1) + ", \"" + first.name() + "\": "
                    + first.validJson() + "}", "duplicate-json-key"));
            // Bytes that are not UTF-8 text
            cases.add(bytes(e, "overlong UTF-8 (C0 AF)", utf8Damage(e, new byte[] {(byte) 0xC0, (byte) 0xAF}), "malformed-text"));
            cases.add(bytes(e, "encoded surrogate (ED A0 80)", utf8Damage(e, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}), "malformed-text"));
            cases.add(bytes(e, "byte FF", utf8Damage(e, new byte[] {(byte) 0xFF}), "malformed-text"));
            cases.add(bytes(e, "truncated three-byte sequence", utf8Damage(e, new byte[] {(byte) 0xE2, (byte) 0x82}), "malformed-text"));
            // Content types
            cases.add(new Case("text/plain body", e, "text/plain", valid.getBytes(StandardCharsets.UTF_8), "unsupported-media-type"));
            cases.add(new Case("form body", e, "application/x-www-form-urlencoded", "a=b".getBytes(StandardCharsets.UTF_8), "unsupported-media-type"));
            cases.add(new Case("no Content-Type", e, null, valid.getBytes(StandardCharsets.UTF_8), "unsupported-media-type"));
            // Per field
            for (Field f : e.fields()) {
                String n = f.name();
                cases.add(json(e, n + " as an object", object(e.fields(), Map.of(n, "{\"x\": 1}")), null));
                cases.add(json(e, n + " as an array", object(e.fields(), Map.of(n, "[1, 2]")), null));
                switch (f.kind()) {
                    case TEXT, ENUM -> {
                        cases.add(json(e, n + " as a number", object(e.fields(), Map.of(n, "42")), null));
                        cases.add(json(e, n + " as a boolean", object(e.fields(), Map.of(n, "true")), null));
                        // An enum value is matched against its names, not read as text: any 400 will do there.
                        String notText = f.kind() == Kind.TEXT ? "malformed-text" : null;
                        cases.add(json(e, n + " with an unpaired high surrogate", object(e.fields(), Map.of(n, "\"a\\ud800b\"")), notText));
                        cases.add(json(e, n + " with an unpaired low surrogate", object(e.fields(), Map.of(n, "\"\\udc00\"")), notText));
                        if (f.kind() == Kind.TEXT) {
                            cases.add(json(e, n + " of zero-width and joiner characters only", object(e.fields(),
                                    Map.of(n, "\"\\u200b\\u200c\\u200d\\u180e\\u2060\\ufeff\"")), null));
                            cases.add(json(e, n + " with a right-to-left override", object(e.fields(), Map.of(n, "\"abc\\u202edcba\"")), null));
                            cases.add(json(e, n + " with NUL", object(e.fields(), Map.of(n, "\"a\\u0000b\"")), null));
                        }
                    }
                    case NUMBER, AMOUNT -> {
                        cases.add(json(e, n + " with an exponent of 900 million", object(e.fields(), Map.of(n, "1e900000000")), null));
                        cases.add(json(e, n + " as a string with an exponent of 900 million", object(e.fields(), Map.of(n, "\"1e900000000\"")), null));
                        cases.add(json(e, n + " with a negative exponent of 900 million", object(e.fields(), Map.of(n, "1e-900000000")), null));
                        cases.add(json(e, n + " of 40 digits", object(e.fields(), Map.of(n, "1" + "0".repeat(39))), null));
                        cases.add(json(e, n + " negative", object(e.fields(), Map.of(n, "-5")), null));
                        cases.add(json(e, n + " fractional", object(e.fields(), Map.of(n, "0.0000001")), null));
                        cases.add(json(e, n + " as a boolean", object(e.fields(), Map.of(n, "true")), null));
                        if (f.kind() == Kind.AMOUNT) {
                            cases.add(json(e, n + " as NaN text", object(e.fields(), Map.of(n, "\"NaN\"")), null));
                            cases.add(json(e, n + " as a string with a huge negative exponent", object(e.fields(), Map.of(n, "\"-1e900000000\"")), null));
                        }
                    }
                    case BOOLEAN -> {
                        cases.add(json(e, n + " as a string", object(e.fields(), Map.of(n, "\"true\"")), null));
                        cases.add(json(e, n + " as a number", object(e.fields(), Map.of(n, "1")), null));
                    }
                }
            }
        }
        return cases.stream();
    }

    @Inject
    DataSource dataSource;

    @BeforeEach
    void createWorld() {
        World.create();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldAnswerWithAProblemAndWriteNothing(Case c) throws Exception {
        String before = DatabaseFingerprint.of(dataSource);

        HttpResponse<String> response = send(c);

        assertThat(response.statusCode()).as("status").isBetween(400, 499);
        assertThat(response.headers().firstValue("Content-Type")).as("content type").hasValueSatisfying(
                type -> assertThat(type).startsWith(ProblemMappers.PROBLEM_JSON));
        JsonPath problem = JsonPath.from(response.body());
        assertThat(problem.getString("type")).startsWith(PROBLEMS);
        assertThat(problem.getInt("status")).isEqualTo(response.statusCode());
        assertThat(problem.getString("title")).isNotBlank();
        if (c.type() != null) {
            assertThat(problem.getString("type")).as("problem type, detail: " + problem.getString("detail")).isEqualTo(PROBLEMS + c.type());
        }
        assertThat(DatabaseFingerprint.of(dataSource)).as("database").isEqualTo(before);
    }

    @Test
    void tableHasAtLeastTwoHundredCasesOverEveryEndpointWithABody() {
        List<Case> all = cases().toList();
        assertThat(all).hasSizeGreaterThanOrEqualTo(200);
        assertThat(all.stream().map(c -> c.endpoint().name()).distinct()).hasSize(endpoints().size());
    }

    // ----------------------------------------------------------------------------------------------

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private static HttpResponse<String> send(Case c) throws IOException, InterruptedException {
        Endpoint e = c.endpoint();
        URI uri = URI.create(RestAssured.baseURI + ":" + RestAssured.port + World.path(e.path()));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .method(e.method(), HttpRequest.BodyPublishers.ofByteArray(withIds(c.body())));
        if (c.contentType() != null) {
            request.header("Content-Type", c.contentType());
        }
        String token = World.token(e.who());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (e.idempotencyKey()) {
            request.header("Idempotency-Key", "table-" + Integer.toHexString(c.toString().hashCode()));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** The body with the real ids in place of their stand-ins, every other byte as it was. */
    private static byte[] withIds(byte[] body) {
        return new String(body, StandardCharsets.ISO_8859_1).replace(BOB_POST, Long.toString(World.bobPost))
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    private static Case json(Endpoint e, String name, String body, String type) {
        return new Case(name, e, "application/json", body.getBytes(StandardCharsets.UTF_8), type);
    }

    private static Case bytes(Endpoint e, String name, byte[] body, String type) {
        return new Case(name, e, "application/json", body, type);
    }

    /** The endpoint's body with its fields' valid values, some replaced by raw JSON. */
    private static String object(List<Field> fields, Map<String, String> replaced) {
        Map<String, String> values = new LinkedHashMap<>();
        fields.forEach(f -> values.put(f.name(), f.validJson()));
        values.putAll(replaced);
        StringBuilder json = new StringBuilder("{");
        values.forEach((k, v) -> json.append(json.length() > 1 ? ", " : "").append('"').append(k).append("\": ").append(v));
        return json.append('}').toString();
    }

    /** {"field": "a<bad bytes>b"} for the endpoint's first text field, else the bad bytes in a string of an unknown field. */
    private static byte[] utf8Damage(Endpoint e, byte[] bad) {
        String field = e.fields().stream().filter(f -> f.kind() == Kind.TEXT).map(Field::name).findFirst().orElse(e.fields().getFirst().name());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("{\"" + field + "\": \"a").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(bad);
        out.writeBytes("b\"}".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
