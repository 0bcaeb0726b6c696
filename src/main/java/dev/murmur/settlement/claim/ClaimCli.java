package dev.murmur.settlement.claim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.murmur.chain.ChainClient;
import dev.murmur.chain.Web3jChainClient;

import dev.murmur.common.cli.ApiOptions;
import dev.murmur.common.cli.ChainOptions;
import dev.murmur.common.cli.CommandLines;
import dev.murmur.common.cli.MurmurVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

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
@Command(name = "claim", mixinStandardHelpOptions = true, versionProvider = MurmurVersion.class,
        description = "Send a creator's claim with the key in $" + ClaimCli.KEY_VARIABLE + " (any key with gas: the "
                + "contract always pays the account in the leaf). Either every claimable address of the "
                + "account (--api), or one claim from the calldata the API gave (--contract, --calldata). See "
                + "docs/settlement.md.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every claim sent was mined successfully, or nothing to claim", "1:a claim reverted", "2:usage or I/O error"})
public final class ClaimCli implements Callable<Integer> {

    /** The environment variable that holds the sender's hex private key. */
    static final String KEY_VARIABLE = "MURMUR_CLAIM_KEY";

    @Spec
    CommandSpec spec;

    @Mixin
    ChainOptions chainOptions;

    @Mixin
    ApiOptions apiOptions;

    @Option(names = "--calldata", paramLabel = "0x...", description = "Claim calldata from GET /api/claims/me "
            + "(needs --contract).")
    String calldata;

    private final Map<String, String> env;

    private ClaimCli(Map<String, String> env) {
        this.env = env;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, System.getenv()));
    }

    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        return CommandLines.execute(new ClaimCli(env), args, out, err);
    }

    @Override
    public Integer call() throws Exception {
        if (apiOptions.hasApi() == (calldata != null)) {
            throw CommandLines.usage(spec, "give either --api (with --token or MURMUR_TOKEN) or --contract and --calldata");
        }
        String key = env.get(KEY_VARIABLE);
        if (key == null || key.isBlank()) {
            throw CommandLines.usage(spec, KEY_VARIABLE + " must hold the private key that sends (and pays gas for) the claim");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (calldata != null) {
            try (Web3jChainClient chain = client(chainOptions.rpc(), chainOptions.contract(), key)) {
                return report(out, "calldata", chain.sendToPayouts(calldata)) ? CommandLines.OK : CommandLines.REFUSED;
            }
        }
        String api = apiOptions.api();
        String token = apiOptions.token(env);
        JsonNode claims;
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(api + "/api/claims/me"))
                            .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                err.println("claim: GET /api/claims/me answered " + response.statusCode() + ": " + response.body());
                return CommandLines.USAGE_OR_IO;
            }
            claims = new ObjectMapper().readTree(response.body());
        }
        boolean ok = true;
        int sent = 0;
        try (Web3jChainClient chain = client(chainOptions.rpc(), claims.path("contract").asText(), key)) {
            if (chain.chainId().longValueExact() != claims.path("chainId").asLong()) {
                err.println("claim: the node is chain " + chain.chainId() + ", Murmur pays on chain " + claims.path("chainId").asLong());
                return CommandLines.USAGE_OR_IO;
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
        return ok ? CommandLines.OK : CommandLines.REFUSED;
    }

    private static Web3jChainClient client(String rpc, String contract, String key) {
        return new Web3jChainClient(new Web3jChainClient.Settings(rpc, contract, key, Duration.ofMillis(200),
                Duration.ofSeconds(120), 0));
    }

    private static boolean report(PrintWriter out, String what, ChainClient.Receipt r) {
        out.println(what + ": transaction " + r.transactionHash() + " in block " + r.blockNumber()
                + (r.success() ? " succeeded" : " reverted: " + r.revertReason()));
        return r.success();
    }
}
