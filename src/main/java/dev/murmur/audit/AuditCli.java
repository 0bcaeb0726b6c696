package dev.murmur.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.murmur.chain.Web3jChainClient;
import dev.murmur.common.cli.ChainOptions;
import dev.murmur.common.cli.CommandLines;
import dev.murmur.common.cli.MurmurVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./murmur audit batch N --rpc URL --contract ADDR --manifest FILE|URL [--previous FILE|URL]
 * [--base-url URL] [--json] [--ledger]}: a standalone audit of one batch. It needs a JSON-RPC node, the
 * contract address and the published manifest; no database, no keys. With {@code --ledger} it also
 * reconciles against the journal over JDBC ({@code MURMUR_AUDIT_JDBC_URL}, {@code MURMUR_AUDIT_DB_USER},
 * {@code MURMUR_AUDIT_DB_PASSWORD}). Exit code 0: every check passed; 1: a check failed; 2: usage or I/O error.
 * Arguments are parsed by picocli ({@link CommandLines}): {@code --help} and {@code --version} on every level.
 *
 * <p>{@code ./murmur audit veto N --rpc URL --contract ADDR}: vetoes chain batch N inside its challenge
 * window, signed with the auditor's own key from {@code MURMUR_AUDITOR_KEY} (never an argument, so it
 * stays out of shell history and process lists). Murmur's servers hold no auditor key (decision 0612).
 * Exit code 0: vetoed; 1: the contract would refuse or refused it (not settled, already vetoed, window
 * closed, no auditor role); 2: usage or I/O error.
 */
@Command(name = "audit", mixinStandardHelpOptions = true, versionProvider = MurmurVersion.class,
        description = "Audit a settled batch against the chain, or veto it inside its challenge window.",
        subcommands = {AuditCli.Batch.class, AuditVeto.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every check passed (veto: vetoed)", "1:a check failed (veto: the contract refused)", "2:usage or I/O error"})
public final class AuditCli implements Callable<Integer> {

    private static final Pattern MANIFEST_URL = Pattern.compile("^(https?://.+)/api/batches/\\d+/manifest$");

    @Spec
    CommandSpec spec;

    final Map<String, String> env;

    private AuditCli(Map<String, String> env) {
        this.env = env;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, System.getenv()));
    }

    /** The whole CLI, testable: returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        return CommandLines.execute(new AuditCli(env), args, out, err);
    }

    @Override
    public Integer call() {
        throw CommandLines.usage(spec, "Missing subcommand: batch or veto");
    }

    /** A chain batch id: a positive number, the same positional parameter for every subcommand. */
    static long batchId(CommandSpec spec, String n) {
        if (!n.matches("\\d{1,18}")) throw CommandLines.usage(spec, "the batch id must be a number, not '" + n + "'");
        long id = Long.parseLong(n);
        if (id < 1) throw CommandLines.usage(spec, "batch ids start at 1");
        return id;
    }

    @Command(name = "batch", mixinStandardHelpOptions = true, versionProvider = MurmurVersion.class,
            description = "Independent audit of chain batch N: needs a JSON-RPC node, the contract address and the "
                    + "published manifest; no database, no keys (docs/audit.md). With --ledger it also "
                    + "reconciles against the journal over JDBC (MURMUR_AUDIT_JDBC_URL, MURMUR_AUDIT_DB_USER, "
                    + "MURMUR_AUDIT_DB_PASSWORD).")
    static final class Batch implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @ParentCommand
        AuditCli parent;

        @Parameters(index = "0", paramLabel = "N", description = "Chain batch id.")
        String batch;

        @Mixin
        ChainOptions chain;

        @Option(names = "--manifest", paramLabel = "FILE|URL", required = true, description = "The batch's published manifest.")
        String manifest;

        @Option(names = "--previous", paramLabel = "FILE|URL", description = "Manifest of batch N-1 (default: fetched "
                + "next to an http manifest, or from --base-url).")
        String previous;

        @Option(names = "--base-url", paramLabel = "URL", description = "Murmur's base URL, to fetch the previous manifest from.")
        String baseUrl;

        @Option(names = "--json", description = "Print the report as JSON.")
        boolean json;

        @Option(names = "--ledger", description = "Also reconcile against Murmur's journal over JDBC.")
        boolean withLedger;

        @Override
        public Integer call() throws IOException, SQLException, InterruptedException {
            long n = batchId(spec, batch);
            String contract = chain.contract();
            PrintWriter out = spec.commandLine().getOut();
            String manifestText = fetch(manifest);
            Optional<String> previousText = Optional.empty();
            if (previous != null) {
                previousText = Optional.of(fetch(previous));
            } else if (n > 1) {
                Optional<String> base = Optional.ofNullable(baseUrl);
                Matcher m = MANIFEST_URL.matcher(manifest);
                if (base.isEmpty() && m.matches()) base = Optional.of(m.group(1));
                if (base.isPresent()) previousText = Optional.of(fetch(base.get().replaceAll("/+$", "") + "/api/batches/" + (n - 1) + "/manifest"));
            }
            BatchAudit.Report report;
            try (Web3jChainClient client = new Web3jChainClient(new Web3jChainClient.Settings(chain.rpc(), contract,
                    null, Duration.ofMillis(200), Duration.ofSeconds(30), 0))) {
                BatchAudit.ChainFacts facts = AuditFacts.read(client, n);
                Optional<Map<Long, BigInteger>> ledger = withLedger ? Optional.of(ledger(parent.env, client.payoutsAddress(), n)) : Optional.empty();
                report = BatchAudit.audit(n, manifestText, previousText, facts, ledger);
            }
            if (json) {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
            } else {
                out.print(BatchAudit.text(report));
            }
            out.flush();
            return report.passed() ? CommandLines.OK : CommandLines.REFUSED;
        }
    }

    static Map<Long, BigInteger> ledger(Map<String, String> env, String contract, long n) throws SQLException {
        String url = Optional.ofNullable(env.get("MURMUR_AUDIT_JDBC_URL")).orElseThrow(() ->
                new IllegalArgumentException("--ledger needs MURMUR_AUDIT_JDBC_URL (and MURMUR_AUDIT_DB_USER, MURMUR_AUDIT_DB_PASSWORD)"));
        try (Connection c = DriverManager.getConnection(url, env.get("MURMUR_AUDIT_DB_USER"), env.get("MURMUR_AUDIT_DB_PASSWORD"))) {
            c.setReadOnly(true);
            try (PreparedStatement s = c.prepareStatement(LedgerReconciliation.SQL)) {
                s.setString(1, contract);
                s.setLong(2, n);
                s.setString(3, contract);
                s.setLong(4, n);
                Map<Long, BigInteger> result = new HashMap<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        result.put(rs.getLong(1), rs.getBigDecimal(2).toBigIntegerExact());
                    }
                }
                return result;
            }
        }
    }

    /** A manifest from a file or an http(s) URL, as bytes decoded as UTF-8 (the hash is over exactly these bytes). */
    static String fetch(String location) throws IOException, InterruptedException {
        if (location.startsWith("http://") || location.startsWith("https://")) {
            try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
                HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(location)).timeout(Duration.ofSeconds(30)).GET().build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() != 200) {
                    throw new IOException("GET " + location + " answered " + response.statusCode());
                }
                return new String(response.body(), StandardCharsets.UTF_8);
            }
        }
        return Files.readString(Path.of(location), StandardCharsets.UTF_8);
    }
}
