package dev.murmur.settlement.claim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.murmur.chain.ChainClient;
import dev.murmur.chain.Web3jChainClient;

import java.io.PrintStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code ./murmur claim}: sends a creator's claim with the key in {@code MURMUR_CLAIM_KEY} (any key with
 * gas: the contract always pays the account in the leaf, whoever sends it).
 *
 * <pre>
 *   ./murmur claim --rpc URL --api BASE_URL [--token TOKEN]      every address with something claimable (GET /api/claims/me;
 *                                                               the token may come from MURMUR_TOKEN)
 *   ./murmur claim --rpc URL --contract ADDR --calldata 0x...   one claim, from the calldata the API gave
 * </pre>
 * Exit code 0: every claim sent was mined successfully (or there was nothing to claim); 1: a claim reverted; 2: usage or I/O error.
 */
public final class ClaimCli {

    private ClaimCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, System.getenv()));
    }

    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                err.println("claim: usage: claim --rpc URL (--api BASE_URL [--token TOKEN] | --contract ADDR --calldata 0x...)");
                return 2;
            }
            opts.put(args[i], args[++i]);
        }
        String key = env.get("MURMUR_CLAIM_KEY");
        if (key == null || key.isBlank()) {
            err.println("claim: MURMUR_CLAIM_KEY must hold the private key that sends (and pays gas for) the claim");
            return 2;
        }
        if (!opts.containsKey("--rpc") || (opts.containsKey("--api") == opts.containsKey("--calldata"))) {
            err.println("claim: give --rpc, and either --api (with --token or MURMUR_TOKEN) or --contract and --calldata");
            return 2;
        }
        try {
            if (opts.containsKey("--calldata")) {
                if (!opts.containsKey("--contract")) {
                    err.println("claim: --calldata needs --contract");
                    return 2;
                }
                try (Web3jChainClient chain = client(opts.get("--rpc"), opts.get("--contract"), key)) {
                    return report(out, "calldata", chain.sendToPayouts(opts.get("--calldata"))) ? 0 : 1;
                }
            }
            String token = opts.getOrDefault("--token", env.get("MURMUR_TOKEN"));
            if (token == null) {
                err.println("claim: --api needs --token or MURMUR_TOKEN");
                return 2;
            }
            JsonNode claims;
            try (HttpClient http = HttpClient.newHttpClient()) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(opts.get("--api").replaceAll("/+$", "")
                                + "/api/claims/me")).header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    err.println("claim: GET /api/claims/me answered " + response.statusCode() + ": " + response.body());
                    return 2;
                }
                claims = new ObjectMapper().readTree(response.body());
            }
            boolean ok = true;
            int sent = 0;
            try (Web3jChainClient chain = client(opts.get("--rpc"), claims.path("contract").asText(), key)) {
                if (chain.chainId().longValueExact() != claims.path("chainId").asLong()) {
                    err.println("claim: the node is chain " + chain.chainId() + ", Murmur pays on chain " + claims.path("chainId").asLong());
                    return 2;
                }
                for (JsonNode a : claims.path("addresses")) {
                    if (new BigInteger(a.path("claimableNow").asText("0")).signum() == 0) {
                        out.println(a.path("address").asText() + ": nothing to claim (claimed " + a.path("claimed").asText() + " of "
                                + a.path("cumulative").asText() + ")");
                        continue;
                    }
                    sent++;
                    ok &= report(out, a.path("address").asText() + " claims " + a.path("claimableNow").asText(),
                            chain.sendToPayouts(a.path("calldata").asText()));
                }
            }
            if (sent == 0) {
                out.println("nothing to claim under chain batch " + claims.path("chainBatchId").asLong());
            }
            return ok ? 0 : 1;
        } catch (Exception e) {
            err.println("claim: " + e.getMessage());
            return 2;
        }
    }

    private static Web3jChainClient client(String rpc, String contract, String key) {
        return new Web3jChainClient(new Web3jChainClient.Settings(rpc, contract, key, Duration.ofMillis(200),
                Duration.ofSeconds(120), 0));
    }

    private static boolean report(PrintStream out, String what, ChainClient.Receipt r) {
        out.println(what + ": transaction " + r.transactionHash() + " in block " + r.blockNumber()
                + (r.success() ? " succeeded" : " reverted: " + r.revertReason()));
        return r.success();
    }
}
