package dev.murmur.chain;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.murmur.problem.ProblemMappers;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Chain failures, provoked for real through web3j (a node that is down, a provider that refuses the key),
 * become 503 chain-unavailable bodies that never show the RPC URL, the provider key, a private key or a
 * stack trace; the full message is only logged.
 */
class ChainErrorBodyTest {

    private static final String PROVIDER_KEY = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
    private static final String PRIVATE_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Web3jChainClient client(String url) {
        return new Web3jChainClient(new Web3jChainClient.Settings(url, "0x" + "11".repeat(20), PRIVATE_KEY,
                Duration.ofMillis(50), Duration.ofSeconds(5), 150_000));
    }

    private static String body(ChainException e) throws Exception {
        Response response = new ProblemMappers().chain(e, null);
        assertThat(response.getStatus()).isEqualTo(503);
        return JSON.writeValueAsString(response.getEntity());
    }

    private static void assertLeaksNothing(String text, int port) {
        assertThat(text)
                .doesNotContain(PROVIDER_KEY)
                .doesNotContain(PRIVATE_KEY.substring(2))
                .doesNotContain("http://").doesNotContain("127.0.0.1").doesNotContain(":" + port)
                .doesNotContain("/v3/")
                .doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("at dev.murmur");
    }

    @Test
    void shouldNotShowTheRpcUrlOfANodeThatIsDown() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/v3/" + PROVIDER_KEY;
        ChainException failure = org.junit.jupiter.api.Assertions.assertThrows(ChainException.class, () -> client(url));
        assertThat(failure.getMessage()).as("the log keeps the detail").contains(PROVIDER_KEY);

        String body = body(failure);
        assertThat(body).contains("https://murmur.dev/problems/chain-unavailable").contains("incident");
        assertLeaksNothing(body, port);
        assertLeaksNothing(failure.redactedMessage(), port);
    }

    @Test
    void shouldNotEchoWhatAProviderSaysAboutItsKey() throws Exception {
        HttpServer provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        int port = provider.getAddress().getPort();
        String url = "http://127.0.0.1:" + port + "/v3/" + PROVIDER_KEY;
        provider.createContext("/", exchange -> {
            String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String id = request.replaceAll("(?s).*\"id\"\\s*:\\s*(\\d+).*", "$1");
            int status = 200;
            String answer;
            if (request.contains("eth_chainId")) {
                answer = "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":\"0x7a69\"}";
            } else if (request.contains("eth_call")) { // token(): an address
                answer = "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":\"0x" + "0".repeat(24) + "22".repeat(20) + "\"}";
            } else { // what some providers do once a key is over its quota
                status = 401;
                answer = "{\"error\":\"project " + PROVIDER_KEY + " refused at " + url + "\"}";
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        provider.start();
        try {
            // The provider answers the chain id and token() that building the client asks for, and refuses the rest.
            ChainException failure = org.junit.jupiter.api.Assertions.assertThrows(ChainException.class, () -> {
                try (Web3jChainClient client = client(url)) {
                    client.blockNumber();
                }
            });
            assertThat(failure.getMessage()).as("the log keeps the detail").contains(PROVIDER_KEY);
            String body = body(failure);
            assertLeaksNothing(body, port);
            assertLeaksNothing(failure.redactedMessage(), port);
        } finally {
            provider.stop(0);
        }
    }

    @Test
    void shouldRedactKeysAndUrlsFromMessagesKeptForOperators() throws IOException {
        ChainException e = new ChainException("signing with " + PRIVATE_KEY + " at wss://node.example/ws/" + PROVIDER_KEY
                + " failed: Failed to connect to node.example/10.0.0.7:8545");
        assertThat(e.redactedMessage())
                .isEqualTo("signing with <redacted> at <rpc-url> failed: Failed to connect to <node>");
        assertThatThrownBy(() -> {
            throw e;
        }).isInstanceOf(ChainException.class);
    }
}
