package dev.murmur.settlement.claim;

import dev.murmur.settlement.batch.plan.Entitlement;
import dev.murmur.settlement.batch.plan.Entitlements;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.murmur.account.WalletProofTest;
import dev.murmur.audit.AuditCli;
import dev.murmur.audit.AuditFacts;
import dev.murmur.audit.AuditService;
import dev.murmur.audit.BatchAudit;
import dev.murmur.chain.ChainClient;
import dev.murmur.chain.Web3jChainClient;
import dev.murmur.settlement.batch.Batch;
import dev.murmur.settlement.batch.BatchService;
import dev.murmur.settlement.batch.Settlements;
import dev.murmur.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import static dev.murmur.settlement.batch.Settlements.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The whole loop on real PostgreSQL, Kafka and anvil: likes -> period close -> creator proves a wallet
 * with a real signature -> batch FINAL -> the creator claims on chain with ./murmur claim -> the chain
 * listener books the claim -> earnings show it claimed -> the independent audit passes; then a wallet
 * change (per-address entitlements), tampered manifests caught and named, and an auditor's veto.
 */
@QuarkusTest
class ClaimJourneyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ChainClient chain;
    @Inject
    BatchService batches;
    @Inject
    AuditService audits;
    @ConfigProperty(name = "murmur.chain.rpc-url")
    String rpcUrl;
    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;
    @ConfigProperty(name = "quarkus.datasource.username")
    String dbUser;
    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> dbPassword;

    @TempDir
    Path dir;

    private static String base() {
        return "http://localhost:" + RestAssured.port;
    }

    private Batch settle(Api.User operator) {
        return Settlements.settleThroughApi(operator, chain, batches);
    }

    private record Run(int code, String out, String err) {
    }

    private Run audit(String... args) {
        return cli(out -> AuditCli.run(args, out.out, out.err, ledgerEnv()));
    }

    private Map<String, String> ledgerEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("MURMUR_AUDIT_JDBC_URL", jdbcUrl);
        env.put("MURMUR_AUDIT_DB_USER", dbUser);
        dbPassword.ifPresent(p -> env.put("MURMUR_AUDIT_DB_PASSWORD", p));
        return env;
    }

    private record Streams(PrintStream out, PrintStream err) {
    }

    private static Run cli(java.util.function.ToIntFunction<Streams> main) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = main.applyAsInt(new Streams(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static JsonPath claims(Api.User user) {
        return user.as().get("/api/claims/me").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void shouldTakeACreatorFromLikesToAClaimedAndAuditedPayout() throws Exception {
        Api.User operator = Settlements.operator();
        Api.User ada = Api.newUser("ada");
        long paid = Settlements.earn(ada, operator, 1_000_000);
        Credentials key = Credentials.create(Settlements.ANVIL_KEYS[7]); // a dev account with gas, to send the claim itself
        String wallet = WalletProofTest.linkWithProof(ada, key);
        BigInteger before = chain.tokenBalance(wallet);

        Batch first = settle(operator);
        JsonPath c = claims(ada);
        assertThat(c.getLong("chainBatchId")).isEqualTo(first.chainBatchId());
        assertThat(c.getString("contract")).isEqualTo(chain.payoutsAddress());
        assertThat(c.getLong("chainId")).isEqualTo(31337);
        assertThat(c.getList("addresses")).hasSize(1);
        assertThat(c.getString("addresses[0].address")).isEqualTo(wallet);
        assertThat(c.getString("addresses[0].cumulative")).isEqualTo(Long.toString(paid));
        assertThat(c.getString("addresses[0].claimableNow")).isEqualTo(Long.toString(paid));
        assertThat(c.getString("addresses[0].calldata")).startsWith("0x");
        assertThat(Settlements.earnings(ada).getList("payouts.status")).containsExactly("claimable");

        // ./murmur claim, API mode: the creator's own key sends the calldata from the API.
        Run claim = cli(s -> ClaimCli.run(new String[] {"--rpc", rpcUrl, "--api", base()}, s.out, s.err,
                Map.of("MURMUR_CLAIM_KEY", Settlements.ANVIL_KEYS[7], "MURMUR_TOKEN", ada.token())));
        assertThat(claim.code()).as(claim.out() + claim.err()).isZero();
        assertThat(chain.tokenBalance(wallet).subtract(before)).isEqualTo(BigInteger.valueOf(paid));
        String tx = claim.out().replaceAll("(?s).*transaction (0x[0-9a-f]{64}).*", "$1");

        // The listener books it once; earnings show the path: claimed in that transaction.
        await().atMost(PATIENCE).until(() -> Settlements.earnings(ada).getLong("settlement.claimed") == paid);
        JsonPath e = Settlements.earnings(ada);
        assertThat(e.getLong("settlement.settled")).isZero();
        assertThat(e.getList("payouts.status")).containsExactly("claimed");
        assertThat(e.getString("payouts[0].claimedIn")).isEqualTo(tx);
        assertThat(e.getLong("payouts[0].chainBatchId")).isEqualTo(first.chainBatchId());
        assertThat(claims(ada).getString("addresses[0].claimableNow")).isEqualTo("0");
        // Nothing left: the CLI says so and sends nothing.
        Run again = cli(s -> ClaimCli.run(new String[] {"--rpc", rpcUrl, "--api", base()}, s.out, s.err,
                Map.of("MURMUR_CLAIM_KEY", Settlements.ANVIL_KEYS[7], "MURMUR_TOKEN", ada.token())));
        assertThat(again.code()).isZero();
        assertThat(again.out()).contains("nothing to claim");

        // The independent audit passes, from the public URL, with the ledger.
        String url = base() + "/api/batches/" + first.chainBatchId() + "/manifest";
        Run audit = audit("batch", Long.toString(first.chainBatchId()), "--rpc", rpcUrl, "--contract", chain.payoutsAddress(),
                "--manifest", url, "--ledger");
        assertThat(audit.code()).as(audit.out() + audit.err()).isZero();
        assertThat(audit.out()).contains("PASSED", "[PASS] manifest-hash", "[PASS] claims-within-entitlement", "[PASS] ledger");

        // ---- the creator changes wallet: the old address keeps its amount, the new one gets only new money
        Credentials second = WalletProofTest.newKey();
        WalletProofTest.linkWithProof(ada, second);
        long paid2 = Settlements.earn(ada, operator, 500_000);
        Batch next = settle(operator);
        List<Entitlement> rows = batches.entitlements(next.id()).stream().filter(r -> r.accountId() == ada.id()).toList();
        assertThat(rows).containsExactlyInAnyOrder(new Entitlement(ada.id(), wallet, paid, 0),
                new Entitlement(ada.id(), second.getAddress(), paid2, paid2));
        JsonPath c2 = claims(ada);
        assertThat(c2.getString("addresses.find { it.address == '" + wallet + "' }.claimableNow")).isEqualTo("0");
        assertThat(c2.getString("addresses.find { it.address == '" + second.getAddress() + "' }.claimableNow")).isEqualTo(Long.toString(paid2));
        assertThat(Settlements.earnings(ada).getList("settlement.wallets.address")).containsExactly(wallet, second.getAddress());

        // Calldata mode: anyone (here key 7) sends the claim for the new address; the tokens go to the new address.
        String calldata = c2.getString("addresses.find { it.address == '" + second.getAddress() + "' }.calldata");
        Run byCalldata = cli(s -> ClaimCli.run(new String[] {"--rpc", rpcUrl, "--contract", chain.payoutsAddress(), "--calldata", calldata},
                s.out, s.err, Map.of("MURMUR_CLAIM_KEY", Settlements.ANVIL_KEYS[7])));
        assertThat(byCalldata.code()).as(byCalldata.out() + byCalldata.err()).isZero();
        assertThat(chain.tokenBalance(second.getAddress())).isEqualTo(BigInteger.valueOf(paid2));
        await().atMost(PATIENCE).until(() -> Settlements.earnings(ada).getLong("settlement.claimed") == paid + paid2);

        // Batch `next` audits clean against its predecessor (fetched from the public URL), through the CLI and the auditor API.
        String nextUrl = base() + "/api/batches/" + next.chainBatchId() + "/manifest";
        Run audit2 = audit("batch", Long.toString(next.chainBatchId()), "--rpc", rpcUrl, "--contract", chain.payoutsAddress(),
                "--manifest", nextUrl, "--ledger", "--json");
        assertThat(audit2.code()).as(audit2.out() + audit2.err()).isZero();
        assertThat(JsonPath.from(audit2.out()).getBoolean("passed")).isTrue();
        assertThat(JsonPath.from(audit2.out()).getString("checks.find { it.name == 'cumulative-never-decreases' }.status")).isEqualTo("PASS");
        Api.User auditor = auditor();
        auditor.as().get("/api/auditor/batches/" + next.chainBatchId() + "/audit").then().statusCode(200).body("passed", equalTo(true))
                .body("openChainAlerts", org.hamcrest.Matchers.notNullValue());
        ada.as().get("/api/auditor/batches/" + next.chainBatchId() + "/audit").then().statusCode(403).contentType("application/problem+json");
        // The app's contract has no challenge window: the veto call for the auditor's wallet comes too late, and says so.
        auditor.as().get("/api/auditor/batches/" + next.chainBatchId() + "/veto-call").then().statusCode(409)
                .body("type", equalTo("https://murmur.dev/problems/veto-window-closed"));
        auditor.as().get("/api/auditor/batches/999999/veto-call").then().statusCode(404).contentType("application/problem+json");
        // No endpoint signs a veto on the server any more: Murmur holds no auditor key.
        auditor.as().post("/api/auditor/batches/" + next.chainBatchId() + "/veto").then().statusCode(404)
                .contentType("application/problem+json");

        tamperCases(next, ada, wallet, second.getAddress());
    }

    /** Each tampered manifest fails the audit, and the report names the check (and the account, where there is one). */
    private void tamperCases(Batch batch, Api.User ada, String oldWallet, String newWallet) throws Exception {
        long n = batch.chainBatchId();
        String manifest = batches.manifest(n);
        String previous = batches.manifest(n - 1);
        BatchAudit.ChainFacts facts = AuditFacts.read(chain, n);
        assertThat(BatchAudit.audit(n, manifest, Optional.of(previous), facts, Optional.empty()).passed()).isTrue();

        // One amount changed (tree value and entitlement alike).
        BatchAudit.Report changed = BatchAudit.audit(n, edit(manifest, m -> setAmount(m, newWallet, "1")), Optional.of(previous), facts, Optional.empty());
        assertFailed(changed, "manifest-hash", "root", "proofs");
        assertThat(changed.check("proofs").orElseThrow().accounts()).containsExactly(newWallet);
        // A dropped leaf: the old wallet's frozen amount disappears.
        BatchAudit.Report dropped = BatchAudit.audit(n, edit(manifest, m -> drop(m, oldWallet)), Optional.of(previous), facts, Optional.empty());
        assertFailed(dropped, "manifest-hash", "root", "cumulative-never-decreases", "deltas-sum");
        assertThat(dropped.check("cumulative-never-decreases").orElseThrow().accounts()).containsExactly(oldWallet);
        // An added leaf.
        String stranger = Settlements.randomAddress();
        BatchAudit.Report added = BatchAudit.audit(n, edit(manifest, m -> add(m, stranger)), Optional.of(previous), facts, Optional.empty());
        assertFailed(added, "manifest-hash", "root", "proofs", "deltas-sum");
        assertThat(added.check("proofs").orElseThrow().accounts()).containsExactly(stranger);
        // A decreased cumulative amount.
        long was = batches.entitlements(batch.id()).stream().filter(e -> e.wallet().equals(oldWallet)).findFirst().orElseThrow().cumulative();
        BatchAudit.Report decreased = BatchAudit.audit(n, edit(manifest, m -> setAmount(m, oldWallet, Long.toString(was - 1))),
                Optional.of(previous), facts, Optional.empty());
        assertThat(decreased.check("cumulative-never-decreases").orElseThrow().status()).isEqualTo(BatchAudit.Status.FAIL);
        assertThat(decreased.check("cumulative-never-decreases").orElseThrow().accounts()).containsExactly(oldWallet);
        // A wrong manifest hash: the same content, other bytes. Only that check fails.
        BatchAudit.Report rehashed = BatchAudit.audit(n, manifest + "\n", Optional.of(previous), facts, Optional.empty());
        assertThat(rehashed.failed()).extracting(BatchAudit.Check::name).containsExactly("manifest-hash");
        // A root that does not match the chain's.
        BatchAudit.Report rooted = BatchAudit.audit(n, edit(manifest, m -> m.put("root", "0x" + "ab".repeat(32))), Optional.of(previous), facts,
                Optional.empty());
        assertFailed(rooted, "manifest-hash", "root");
        // A duplicated account.
        BatchAudit.Report duplicated = BatchAudit.audit(n, edit(manifest, m -> duplicate(m, newWallet)), Optional.of(previous), facts,
                Optional.empty());
        assertThat(duplicated.check("no-duplicate-accounts").orElseThrow().accounts()).containsExactly(newWallet);

        // The CLI: non-zero exit, the failing check and the account named.
        Path tampered = dir.resolve("tampered.json");
        Files.writeString(tampered, edit(manifest, m -> setAmount(m, newWallet, "1")));
        Path prev = dir.resolve("previous.json");
        Files.writeString(prev, previous);
        // A real manifest for contracts/scripts/manifest-root.mjs (docs/audit.md shows it load in @openzeppelin/merkle-tree).
        Files.createDirectories(Path.of("target", "audit-sample"));
        Files.writeString(Path.of("target", "audit-sample", "manifest.json"), manifest);
        Run run = audit("batch", Long.toString(n), "--rpc", rpcUrl, "--contract", chain.payoutsAddress(), "--manifest", tampered.toString(),
                "--previous", prev.toString());
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).contains("FAILED", "[FAIL] proofs", newWallet, "Failed: manifest-hash, root, proofs");
        Run usage = audit("batch", "x");
        assertThat(usage.code()).isEqualTo(2);
    }

    private static void assertFailed(BatchAudit.Report report, String... checks) {
        assertThat(report.passed()).isFalse();
        assertThat(report.failed()).extracting(BatchAudit.Check::name).contains(checks);
    }

    private static String edit(String manifest, Consumer<ObjectNode> change) throws Exception {
        ObjectNode m = (ObjectNode) JSON.readTree(manifest);
        change.accept(m);
        return JSON.writeValueAsString(m);
    }

    private static void setAmount(ObjectNode m, String wallet, String amount) {
        m.withArray("/tree/values").forEach(v -> {
            if (v.path("value").path(0).asText().equals(wallet)) ((ArrayNode) v.path("value")).set(1, amount);
        });
        m.withArray("/entitlements").forEach(e -> {
            if (e.path("wallet").asText().equals(wallet)) ((ObjectNode) e).put("cumulative", amount);
        });
    }

    private static void drop(ObjectNode m, String wallet) {
        ArrayNode values = m.withArray("/tree/values");
        for (int i = values.size() - 1; i >= 0; i--) if (values.get(i).path("value").path(0).asText().equals(wallet)) values.remove(i);
        ArrayNode entitlements = m.withArray("/entitlements");
        for (int i = entitlements.size() - 1; i >= 0; i--) if (entitlements.get(i).path("wallet").asText().equals(wallet)) entitlements.remove(i);
    }

    private static void add(ObjectNode m, String address) {
        ObjectNode v = m.withArray("/tree/values").addObject();
        v.putArray("value").add(address).add("5");
        v.put("treeIndex", m.withArray("/tree/tree").size() - 1);
        m.withArray("/entitlements").addObject().put("account", 1).put("wallet", address).put("cumulative", "5").put("delta", "5");
    }

    private static void duplicate(ObjectNode m, String wallet) {
        ArrayNode values = m.withArray("/tree/values");
        for (int i = values.size() - 1; i >= 0; i--) {
            if (values.get(i).path("value").path(0).asText().equals(wallet)) values.add(values.get(i).deepCopy());
        }
    }

    private static Api.User auditor() {
        return Api.newUserWithRole("auditor", "AUDITOR");
    }

    @Test
    void shouldLetAnAuditorVetoInsideTheWindowAndRollTheAmountsIntoTheNextBatch() {
        Api.User operator = Settlements.operator();
        Api.User ada = Api.newUser("ada");
        long paid = Settlements.earn(ada, operator, 300_003);
        String wallet = Settlements.linkWallet(ada);
        // A contract of its own with a one-hour window (anvil key 2 operates, key 3 audits from the auditor's CLI).
        try (Web3jChainClient windowed = Settlements.freshContract(rpcUrl, 2, Duration.ofHours(1))) {
            var preview = batches.on(windowed).preview();
            BigInteger missing = BigInteger.valueOf(preview.cumulativeTotal() - preview.cumulativeEscrow()).subtract(windowed.rewardFunded());
            if (missing.signum() > 0) assertThat(windowed.fundRewards(missing).success()).isTrue();
            Batch first = batches.on(windowed).create(null);
            batches.on(windowed).submit(first.id());
            Settlements.advanceUntil(batches, first.id(), windowed, Batch.Status.CONFIRMED);
            assertThat(audits.audit(first.chainBatchId(), windowed).passed()).isTrue();

            // The operator's key cannot veto: the contract refuses it, and the CLI says so.
            assertThat(Settlements.veto(rpcUrl, windowed.payoutsAddress(), 2, first.chainBatchId())).isEqualTo(1);
            assertThat(windowed.batch(first.chainBatchId()).vetoed()).isFalse();
            // The auditor vetoes from their own machine with their own key.
            assertThat(Settlements.veto(rpcUrl, windowed.payoutsAddress(), 3, first.chainBatchId())).isZero();
            assertThat(windowed.batch(first.chainBatchId()).vetoed()).isTrue();
            // The chain listener reconciles the BatchVetoed log with the batch at once.
            catchUp(windowed);
            assertThat(batches.require(first.id()).status()).isEqualTo(Batch.Status.VETOED);
            assertThat(windowed.latestClaimableBatchId()).isZero();
            Entitlement mine = batches.entitlements(first.id()).stream().filter(e -> e.accountId() == ada.id()).findFirst().orElseThrow();
            int index = batches.entitlements(first.id()).indexOf(mine);
            assertThat(windowed.claimable(wallet, BigInteger.valueOf(mine.cumulative()), Entitlements.tree(batches.entitlements(first.id())).proofHex(index)))
                    .isZero();
            assertThat(Settlements.veto(rpcUrl, windowed.payoutsAddress(), 3, first.chainBatchId())).isEqualTo(1); // already vetoed
            assertThat(Settlements.earnings(ada).getLong("settlement.unsettled")).isEqualTo(paid);

            Batch next = batches.on(windowed).create(null);
            assertThat(next.chainBatchId()).isEqualTo(first.chainBatchId() + 1);
            assertThat(batches.entitlements(next.id())).filteredOn(e -> e.accountId() == ada.id())
                    .singleElement().satisfies(e -> assertThat(e.delta()).isEqualTo(paid));
            batches.on(windowed).submit(next.id());
            Settlements.advanceUntil(batches, next.id(), windowed, Batch.Status.CONFIRMED);
            assertThat(audits.audit(next.chainBatchId(), windowed).passed()).isTrue(); // deltas against the last batch standing
            assertThat(Settlements.veto(rpcUrl, windowed.payoutsAddress(), 3, next.chainBatchId())).isZero(); // end it, so later tests can open batches
            Settlements.advanceUntil(batches, next.id(), windowed, Batch.Status.VETOED);
            catchUp(windowed);
            assertThat(listener.poll(windowed).applied()).isZero();
        }
    }

    @Inject
    ChainListener listener;

    /** Polls until the listener has read the chain up to its head (the first poll of a new contract starts at block 0). */
    private void catchUp(ChainClient on) {
        long head = on.blockNumber().longValueExact();
        for (int i = 0; i < 1000; i++) {
            if (listener.poll(on, 0).toBlock() >= head) {
                return;
            }
        }
        throw new AssertionError("the listener did not catch up with block " + head);
    }

}
