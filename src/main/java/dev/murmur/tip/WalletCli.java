package dev.murmur.tip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.murmur.chain.ChainClient;
import dev.murmur.chain.Signatures;
import dev.murmur.chain.Web3jChainClient;
import dev.murmur.tip.service.TokenAmounts;

import dev.murmur.common.cli.ApiOptions;
import dev.murmur.common.cli.ChainOptions;
import dev.murmur.common.cli.CommandLines;
import dev.murmur.common.cli.MurmurVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

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
@Command(name = "wallet", mixinStandardHelpOptions = true, versionProvider = MurmurVersion.class,
        description = "A reader's wallet, with the key in $" + WalletCli.KEY_VARIABLE + " (the key never leaves this "
                + "process; the API only ever sees a signature). See docs/tips.md.",
        subcommands = {WalletCli.Link.class, WalletCli.Deposit.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:the API or the chain refused", "2:usage or I/O error"})
public final class WalletCli implements Callable<Integer> {

    /** The environment variable that holds the reader's hex private key. */
    static final String KEY_VARIABLE = "MURMUR_WALLET_KEY";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TOKEN_DECIMALS = 6;

    @Spec
    CommandSpec spec;

    private final Map<String, String> env;

    private WalletCli(Map<String, String> env) {
        this.env = env;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, System.getenv()));
    }

    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        return CommandLines.execute(new WalletCli(env), args, out, err);
    }

    @Override
    public Integer call() {
        throw CommandLines.usage(spec, "Missing subcommand: link or deposit");
    }

    /** The wallet's private key (hex), from the environment only, never from an option. */
    private String walletKey(CommandSpec of) {
        String key = env.get(KEY_VARIABLE);
        if (key == null || key.isBlank()) throw CommandLines.usage(of, KEY_VARIABLE + " must hold the wallet's private key (hex)");
        return key.strip();
    }

    /** Runs {@code body} against the API; a refusal (a non-2xx answer) is exit 1 with the API's answer on stderr. */
    private static int refusalsAsOne(CommandSpec spec, ApiCall body) throws Exception {
        try {
            return body.run();
        } catch (RefusedException e) {
            spec.commandLine().getErr().println("wallet: " + e.getMessage());
            return CommandLines.REFUSED;
        }
    }

    private interface ApiCall {
        int run() throws Exception;
    }

    @Command(name = "link", mixinStandardHelpOptions = true, versionProvider = MurmurVersion.class,
            description = "Prove the wallet (sign the API's challenge) and link it to the account.")
    static final class Link implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @ParentCommand
        WalletCli parent;

        @Mixin
        ApiOptions apiOptions;

        @Override
        public Integer call() throws Exception {
            String key = parent.walletKey(spec);
            Api calls = new Api(apiOptions.api(), apiOptions.token(parent.env));
            return refusalsAsOne(spec, () -> {
                JsonNode challenge = calls.post("/api/wallets/challenge", Map.of("address", Signatures.addressOf(key)));
                String message = challenge.path("message").asText();
                JsonNode linked = calls.post("/api/wallets/link", Map.of("nonce", challenge.path("nonce").asText(),
                        "signature", Signatures.personalSign(key, message)));
                spec.commandLine().getOut().println("linked " + linked.path("address").asText() + " to the account");
                return CommandLines.OK;
            });
        }
    }

    @Command(name = "deposit", mixinStandardHelpOptions = true, versionProvider = MurmurVersion.class,
            description = "Approve and deposit tokens into the payout contract (the contract comes from the API); Murmur "
                    + "credits them to the tipping balance once the listener has seen enough confirmations.")
    static final class Deposit implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @ParentCommand
        WalletCli parent;

        @Mixin
        ApiOptions apiOptions;

        @Mixin
        ChainOptions chainOptions;

        @Option(names = "--amount", paramLabel = "N", required = true, description = "Token units, e.g. 25 or 2.5.")
        BigDecimal amount;

        @Override
        public Integer call() throws Exception {
            String address = Signatures.addressOf(parent.walletKey(spec));
            Api calls = new Api(apiOptions.api(), apiOptions.token(parent.env));
            long units;
            try {
                units = TokenAmounts.toBaseUnits(amount, TOKEN_DECIMALS, BigDecimal.ZERO.movePointLeft(TOKEN_DECIMALS),
                        new BigDecimal(Long.MAX_VALUE).movePointLeft(TOKEN_DECIMALS));
            } catch (RuntimeException e) {
                throw CommandLines.usage(spec, "--amount: " + e.getMessage());
            }
            PrintWriter out = spec.commandLine().getOut();
            return refusalsAsOne(spec, () -> {
                JsonNode claims = calls.get("/api/claims/me");
                try (Web3jChainClient chain = new Web3jChainClient(new Web3jChainClient.Settings(chainOptions.rpc(),
                        claims.path("contract").asText(), parent.env.get(KEY_VARIABLE).strip(), Duration.ofMillis(200),
                        Duration.ofSeconds(120), 0))) {
                    ChainClient.Receipt receipt = chain.deposit(BigInteger.valueOf(units));
                    out.println("deposit of " + amount.toPlainString() + " from " + address + ": transaction "
                            + receipt.transactionHash() + (receipt.success() ? " succeeded" : " reverted: " + receipt.revertReason()));
                    out.println("Murmur credits it to the tipping balance once the listener has seen it with enough confirmations.");
                    return receipt.success() ? CommandLines.OK : CommandLines.REFUSED;
                }
            });
        }
    }

    private static final class RefusedException extends Exception {
        RefusedException(String message) {
            super(message);
        }
    }

    /** The API calls of one command, each on a fresh HTTP client (a CLI makes two or three calls in all). */
    private record Api(String base, String token) {
        JsonNode get(String path) throws Exception {
            return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), path);
        }

        JsonNode post(String path, Object body) throws Exception {
            return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))), path);
        }

        private JsonNode send(HttpRequest.Builder request, String path) throws Exception {
            HttpResponse<String> response;
            try (HttpClient http = HttpClient.newHttpClient()) {
                response = http.send(request.header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).build(),
                        HttpResponse.BodyHandlers.ofString());
            }
            if (response.statusCode() / 100 != 2) {
                throw new RefusedException(path + " answered " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        }
    }
}
