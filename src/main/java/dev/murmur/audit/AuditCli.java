package dev.murmur.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.murmur.chain.Web3jChainClient;

import java.io.IOException;
import java.io.PrintStream;
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
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./murmur audit batch N --rpc URL --contract ADDR --manifest FILE|URL [--previous FILE|URL]
 * [--base-url URL] [--json] [--ledger]}: a standalone audit of one batch. It needs a JSON-RPC node, the
 * contract address and the published manifest; no database, no keys. With {@code --ledger} it also
 * reconciles against the journal over JDBC ({@code MURMUR_AUDIT_JDBC_URL}, {@code MURMUR_AUDIT_DB_USER},
 * {@code MURMUR_AUDIT_DB_PASSWORD}). Exit code 0: every check passed; 1: a check failed; 2: usage or I/O error.
 *
 * <p>{@code ./murmur audit veto N --rpc URL --contract ADDR}: vetoes chain batch N inside its challenge
 * window, signed with the auditor's own key from {@code MURMUR_AUDITOR_KEY} (never an argument, so it
 * stays out of shell history and process lists). Murmur's servers hold no auditor key (decision 0612).
 * Exit code 0: vetoed; 1: the contract would refuse or refused it (not settled, already vetoed, window
 * closed, no auditor role); 2: usage or I/O error.
 */
public final class AuditCli {

    private static final Pattern MANIFEST_URL = Pattern.compile("^(https?://.+)/api/batches/\\d+/manifest$");

    private AuditCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, System.getenv()));
    }

    /** The whole CLI, testable: returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        if (args.length > 0 && args[0].equals("veto")) {
            return AuditVeto.run(args, out, err, env);
        }
        Map<String, String> opts = new HashMap<>();
        boolean json = false;
        boolean withLedger = false;
        Long n = null;
        try {
            if (args.length < 2 || !args[0].equals("batch")) {
                throw new IllegalArgumentException("usage: audit batch N --rpc URL --contract ADDR --manifest FILE|URL "
                        + "[--previous FILE|URL] [--base-url URL] [--json] [--ledger]\n"
                        + "       audit veto N --rpc URL --contract ADDR   (signs with MURMUR_AUDITOR_KEY)");
            }
            if (!args[1].matches("\\d{1,18}")) throw new IllegalArgumentException("the batch id must be a number, not '" + args[1] + "'");
            n = Long.parseLong(args[1]);
            for (int i = 2; i < args.length; i++) {
                switch (args[i]) {
                    case "--json" -> json = true;
                    case "--ledger" -> withLedger = true;
                    case "--rpc", "--contract", "--manifest", "--previous", "--base-url" -> {
                        if (i + 1 >= args.length) throw new IllegalArgumentException(args[i] + " needs a value");
                        opts.put(args[i], args[++i]);
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            for (String required : new String[] {"--rpc", "--contract", "--manifest"}) {
                if (!opts.containsKey(required)) throw new IllegalArgumentException(required + " is required");
            }
            if (n < 1) throw new IllegalArgumentException("batch ids start at 1");
        } catch (IllegalArgumentException e) {
            err.println("audit: " + e.getMessage());
            return 2;
        }
        try {
            String manifest = fetch(opts.get("--manifest"));
            Optional<String> previous = Optional.empty();
            if (opts.containsKey("--previous")) {
                previous = Optional.of(fetch(opts.get("--previous")));
            } else if (n > 1) {
                Optional<String> base = Optional.ofNullable(opts.get("--base-url"));
                Matcher m = MANIFEST_URL.matcher(opts.get("--manifest"));
                if (base.isEmpty() && m.matches()) base = Optional.of(m.group(1));
                if (base.isPresent()) previous = Optional.of(fetch(base.get().replaceAll("/+$", "") + "/api/batches/" + (n - 1) + "/manifest"));
            }
            BatchAudit.Report report;
            try (Web3jChainClient chain = new Web3jChainClient(new Web3jChainClient.Settings(opts.get("--rpc"), opts.get("--contract"),
                    null, Duration.ofMillis(200), Duration.ofSeconds(30), 0))) {
                BatchAudit.ChainFacts facts = AuditFacts.read(chain, n);
                Optional<Map<Long, BigInteger>> ledger = withLedger ? Optional.of(ledger(env, chain.payoutsAddress(), n)) : Optional.empty();
                report = BatchAudit.audit(n, manifest, previous, facts, ledger);
            }
            if (json) {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
            } else {
                out.print(BatchAudit.text(report));
            }
            return report.passed() ? 0 : 1;
        } catch (IOException | SQLException | RuntimeException e) {
            err.println("audit: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 2;
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
