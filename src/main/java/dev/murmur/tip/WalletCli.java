package dev.murmur.tip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.murmur.chain.ChainClient;
import dev.murmur.chain.Signatures;
import dev.murmur.chain.Web3jChainClient;
import dev.murmur.tip.service.TokenAmounts;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code ./murmur wallet}: what a reader's wallet does, from the command line, with the key in
 * {@code MURMUR_WALLET_KEY} (the key never leaves this process; the API only ever sees a signature).
 *
 * <pre>
 *   ./murmur wallet link    --api BASE_URL [--token TOKEN]                      prove the wallet and link it to the account
 *   ./murmur wallet deposit --api BASE_URL [--token TOKEN] --rpc URL --amount 25  approve and deposit tokens into the payout contract
 * </pre>
 * The token may come from {@code MURMUR_TOKEN}. Exit code 0 on success, 1 when the API or the chain refused, 2 on usage errors.
 */
public final class WalletCli {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TOKEN_DECIMALS = 6;

    private WalletCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, System.getenv()));
    }

    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        if (args.length == 0 || !(args[0].equals("link") || args[0].equals("deposit"))) {
            err.println("wallet: usage: wallet link --api BASE_URL [--token T] | wallet deposit --api BASE_URL [--token T] --rpc URL --amount N");
            return 2;
        }
        Map<String, String> opts = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                err.println("wallet: options come in pairs: --name value");
                return 2;
            }
            opts.put(args[i], args[++i]);
        }
        String key = env.get("MURMUR_WALLET_KEY");
        String token = opts.getOrDefault("--token", env.get("MURMUR_TOKEN"));
        String api = opts.get("--api");
        if (key == null || key.isBlank() || token == null || api == null) {
            err.println("wallet: needs MURMUR_WALLET_KEY, --api and --token (or MURMUR_TOKEN)");
            return 2;
        }
        String address = Signatures.addressOf(key);
        try (HttpClient http = HttpClient.newHttpClient()) {
            Api calls = new Api(http, api.replaceAll("/+$", ""), token);
            if (args[0].equals("link")) {
                JsonNode challenge = calls.post("/api/wallets/challenge", Map.of("address", address));
                String message = challenge.path("message").asText();
                JsonNode linked = calls.post("/api/wallets/link", Map.of("nonce", challenge.path("nonce").asText(),
                        "signature", Signatures.personalSign(key, message)));
                out.println("linked " + linked.path("address").asText() + " to the account");
                return 0;
            }
            if (!opts.containsKey("--rpc") || !opts.containsKey("--amount")) {
                err.println("wallet: deposit needs --rpc and --amount (token units, e.g. 25 or 2.5)");
                return 2;
            }
            long units = TokenAmounts.toBaseUnits(new BigDecimal(opts.get("--amount")), TOKEN_DECIMALS, BigDecimal.ZERO.movePointLeft(TOKEN_DECIMALS),
                    new BigDecimal(Long.MAX_VALUE).movePointLeft(TOKEN_DECIMALS));
            JsonNode claims = calls.get("/api/claims/me");
            try (Web3jChainClient chain = new Web3jChainClient(new Web3jChainClient.Settings(opts.get("--rpc"),
                    claims.path("contract").asText(), key, Duration.ofMillis(200), Duration.ofSeconds(120), 0))) {
                ChainClient.Receipt receipt = chain.deposit(BigInteger.valueOf(units));
                out.println("deposit of " + opts.get("--amount") + " from " + address + ": transaction "
                        + receipt.transactionHash() + (receipt.success() ? " succeeded" : " reverted: " + receipt.revertReason()));
                out.println("Murmur credits it to the tipping balance once the listener has seen it with enough confirmations.");
                return receipt.success() ? 0 : 1;
            }
        } catch (RefusedException e) {
            err.println("wallet: " + e.getMessage());
            return 1;
        } catch (Exception e) {
            err.println("wallet: " + e.getMessage());
            return 2;
        }
    }

    private static final class RefusedException extends Exception {
        RefusedException(String message) {
            super(message);
        }
    }

    private record Api(HttpClient http, String base, String token) {
        JsonNode get(String path) throws Exception {
            return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), path);
        }

        JsonNode post(String path, Object body) throws Exception {
            return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))), path);
        }

        private JsonNode send(HttpRequest.Builder request, String path) throws Exception {
            HttpResponse<String> response = http.send(request.header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new RefusedException(path + " answered " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        }
    }
}
