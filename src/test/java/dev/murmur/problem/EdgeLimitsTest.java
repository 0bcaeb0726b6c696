package dev.murmur.problem;

import dev.murmur.testing.Api;
import dev.murmur.testing.DatabaseFingerprint;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests refused below JAX-RS (issue 12, section 1), sent byte for byte over a socket: whatever
 * the server can still answer is a problem document; what Netty cannot decode at all gets Vert.x's
 * bare 400 and a closed connection, and the server carries on (docs/decisions/0603-*).
 */
@QuarkusTest
class EdgeLimitsTest {

    static Api.User ada;

    @Inject
    DataSource dataSource;

    @BeforeEach
    void createUser() {
        if (ada == null) {
            ada = Api.newUser("edge");
        }
    }

    @Test
    void shouldAnswerTooLargeHeadersWithAProblem() throws IOException {
        Raw response = send("GET /api/accounts/me HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + ada.token()
                + "\r\nX-Padding: " + "a".repeat(30_000) + "\r\nConnection: close\r\n\r\n", new byte[0]);

        assertProblem(response, 431, "headers-too-large");
    }

    @Test
    void shouldAnswerAContentLengthAboveTheHardLimitWithAProblemBeforeReadingTheBody() throws IOException {
        String before = DatabaseFingerprint.of(dataSource);

        Raw response = send(postHead("/api/posts", "Content-Length: 2000000\r\n"), new byte[0]);

        assertProblem(response, 413, "payload-too-large");
        assertThat(response.problem().getString("detail")).contains("2000000");
        assertThat(DatabaseFingerprint.of(dataSource)).isEqualTo(before);
    }

    @Test
    void shouldAnswerAContentLengthAboveTheApiLimitWithAProblem() throws IOException {
        Raw response = send(postHead("/api/posts", "Content-Length: 100000\r\n"), new byte[0]);

        assertProblem(response, 413, "payload-too-large");
    }

    /** Keys Vert.x lets through but Murmur does not take (visible ASCII only): the answer is a problem. */
    @Test
    void shouldAnswerAnIdempotencyKeyWithSpacesOrNonAsciiWithAProblem() throws IOException {
        String before = DatabaseFingerprint.of(dataSource);
        byte[] body = "{\"text\": \"keyed\"}".getBytes(StandardCharsets.UTF_8);

        for (String key : new String[] {"abc\u00e9def", "has spaces"}) {
            Raw response = send(postHead("/api/posts", "Idempotency-Key: " + key + "\r\nContent-Length: " + body.length + "\r\n"), body);

            assertProblem(response, 400, "validation-failed");
        }
        assertThat(DatabaseFingerprint.of(dataSource)).isEqualTo(before);
    }

    /**
     * Netty and Vert.x refuse these while decoding (a negative Content-Length, a control byte in a
     * header value); no application code runs, and Quarkus offers no hook to answer them. The server
     * answers 400, writes nothing and carries on.
     */
    @Test
    void shouldRefuseRequestsNettyCannotDecodeAndCarryOn() throws IOException {
        String before = DatabaseFingerprint.of(dataSource);
        byte[] body = "{\"text\": \"x\"}".getBytes(StandardCharsets.UTF_8);

        Raw negative = send(postHead("/api/posts", "Content-Length: -1\r\n"), body);
        Raw nul = send(postHead("/api/posts", "Idempotency-Key: abc\u0000def\r\nContent-Length: " + body.length + "\r\n"), body);
        Raw control = send(postHead("/api/posts", "Idempotency-Key: abc\u0001def\r\nContent-Length: " + body.length + "\r\n"), body);
        Raw del = send(postHead("/api/posts", "Idempotency-Key: abc\u007Fdef\r\nContent-Length: " + body.length + "\r\n"), body);

        assertThat(negative.status()).isEqualTo(400);
        assertThat(nul.status()).isEqualTo(400);
        assertThat(control.status()).isEqualTo(400);
        assertThat(del.status()).isEqualTo(400);
        assertThat(DatabaseFingerprint.of(dataSource)).isEqualTo(before);
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void shouldAnswerABodyWithoutContentTypeWith415() throws IOException {
        byte[] body = "{\"text\": \"no type\"}".getBytes(StandardCharsets.UTF_8);
        String head = "POST /api/posts HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + ada.token()
                + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";

        assertProblem(send(head, body), 415, "unsupported-media-type");
    }

    // ----------------------------------------------------------------------------------------------

    record Raw(int status, Map<String, String> headers, String body) {
        JsonPath problem() {
            return JsonPath.from(body);
        }
    }

    private static void assertProblem(Raw response, int status, String type) {
        assertThat(response.status()).as("status; body: " + response.body()).isEqualTo(status);
        assertThat(response.headers().get("content-type")).startsWith(ProblemMappers.PROBLEM_JSON);
        assertThat(response.problem().getString("type")).isEqualTo("https://murmur.dev/problems/" + type);
        assertThat(response.problem().getInt("status")).isEqualTo(status);
    }

    private static String postHead(String path, String extraHeaders) {
        return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + ada.token()
                + "\r\nContent-Type: application/json\r\n" + extraHeaders + "Connection: close\r\n\r\n";
    }

    /** Writes the head (ISO-8859-1, so control bytes go out as they are) and body; reads the answer to EOF. */
    private static Raw send(String head, byte[] body) throws IOException {
        URI base = URI.create(RestAssured.baseURI);
        try (Socket socket = new Socket(base.getHost(), RestAssured.port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            try {
                out.write(body);
                out.flush();
            } catch (SocketException e) {
                // The server may answer and close before it reads the body; its answer is still there to read.
            }
            return parse(readAnswer(socket.getInputStream()));
        }
    }

    /** Reads until the answer is complete: its Content-Length is in, or the server closed the connection. */
    private static byte[] readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                bytes.write(buffer, 0, n);
                if (complete(bytes.toByteArray())) {
                    break;
                }
            }
        } catch (SocketException e) {
            // A reset after the answer: keep what arrived.
        }
        return bytes.toByteArray();
    }

    private static boolean complete(byte[] raw) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        for (String line : text.substring(0, end).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return raw.length - (end + 4) >= Integer.parseInt(line.substring(15).trim());
            }
        }
        return false;
    }

    private static Raw parse(byte[] raw) {
        String text = new String(raw, StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        assertThat(end).as("a complete HTTP answer: " + text).isPositive();
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        String body = text.substring(end + 4);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        }
        return new Raw(status, headers, body);
    }

    private static String dechunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, lineEnd).trim(), 16);
            if (size == 0) {
                return out.toString();
            }
            out.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
    }
}
