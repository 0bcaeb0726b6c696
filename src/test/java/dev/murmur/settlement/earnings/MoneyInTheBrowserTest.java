package dev.murmur.settlement.earnings;

import dev.murmur.account.WalletProofTest;
import dev.murmur.chain.ChainClient;
import dev.murmur.chain.contract.MurmurPayouts;
import dev.murmur.chain.contract.MurmurTestToken;
import dev.murmur.settlement.batch.Batch;
import dev.murmur.settlement.batch.BatchService;
import dev.murmur.settlement.batch.Settlements;
import dev.murmur.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.utils.Numeric;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.murmur.settlement.batch.Settlements.PATIENCE;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The backend of issue 14's pages, on real PostgreSQL, Kafka and anvil, driven as a browser's wallet
 * would: link with Sign-In with Ethereum, deposit by sending the server's approve and deposit
 * transactions, tip anonymously, settle, claim by sending the server's claim transaction; then the
 * statement (JSON and CSV), breakdown and chart add up to the earnings, and the public batch page
 * checks the batch live.
 */
@QuarkusTest
class MoneyInTheBrowserTest {

    private static final String PROBLEMS = "https://murmur.dev/problems/";
    private static final long TOKEN = 1_000_000;

    @Inject
    ChainClient chain;
    @Inject
    BatchService batches;
    @Inject
    dev.murmur.audit.TransparencyService transparency;
    @Inject
    dev.murmur.settlement.batch.BatchLive live;
    @Inject
    dev.murmur.audit.AuditService audits;
    @ConfigProperty(name = "murmur.chain.rpc-url")
    String rpcUrl;

    private HttpService rpc;
    private Web3j web3j;

    @BeforeEach
    void connect() {
        rpc = new HttpService(rpcUrl);
        web3j = Web3j.build(rpc);
    }

    @AfterEach
    void disconnect() {
        web3j.shutdown();
    }

    static String sign(String message, Credentials key) {
        Sign.SignatureData s = Sign.signPrefixedMessage(message.getBytes(StandardCharsets.UTF_8), key.getEcKeyPair());
        byte[] out = new byte[65];
        System.arraycopy(s.getR(), 0, out, 0, 32);
        System.arraycopy(s.getS(), 0, out, 32, 32);
        out[64] = s.getV()[0];
        return Numeric.toHexString(out);
    }

    /** A fresh key with ETH for gas and {@code tokens} base units of the payout token. */
    private Credentials wallet(long tokens) throws Exception {
        Credentials key = WalletProofTest.newKey();
        var gas = new org.web3j.protocol.core.Request<>("anvil_setBalance", List.of(key.getAddress(), "0x56BC75E2D63100000"), rpc,
                org.web3j.protocol.core.methods.response.VoidResponse.class).send();
        assertThat(gas.hasError()).isFalse();
        Credentials operator = Credentials.create(Settlements.ANVIL_KEYS[0]);
        MurmurPayouts payouts = MurmurPayouts.load(chain.payoutsAddress(), web3j, fast(operator), new DefaultGasProvider());
        MurmurTestToken token = MurmurTestToken.load(payouts.token().send(), web3j, fast(operator), new DefaultGasProvider());
        assertThat(token.transfer(key.getAddress(), BigInteger.valueOf(tokens)).send().isStatusOK()).isTrue();
        return key;
    }

    private RawTransactionManager fast(Credentials key) {
        return new RawTransactionManager(web3j, key, 31337, new org.web3j.tx.response.PollingTransactionReceiptProcessor(web3j, 100, 600));
    }

    /** Sends a server-prepared transaction request as the browser's wallet would, and waits for its receipt. */
    private String send(Credentials from, JsonPath tx, String at) throws Exception {
        assertThat(tx.getLong(at + ".chainId")).isEqualTo(31337);
        assertThat(tx.getString(at + ".value")).isEqualTo("0x0");
        var sent = fast(from).sendTransaction(DefaultGasProvider.GAS_PRICE, DefaultGasProvider.GAS_LIMIT, tx.getString(at + ".to"),
                tx.getString(at + ".data"), BigInteger.ZERO);
        assertThat(sent.hasError()).as(sent.getError() == null ? "" : sent.getError().getMessage()).isFalse();
        var receipt = await().atMost(PATIENCE).until(
                () -> web3j.ethGetTransactionReceipt(sent.getTransactionHash()).send().getTransactionReceipt(), Optional::isPresent).orElseThrow();
        assertThat(receipt.isStatusOK()).as(at + " succeeded").isTrue();
        return sent.getTransactionHash();
    }

    private static String linkWithSiwe(Api.User user, Credentials key) {
        JsonPath c = user.as().body(Map.of("address", Keys.toChecksumAddress(key.getAddress()))).post("/api/wallets/siwe/nonce")
                .then().statusCode(200).extract().jsonPath();
        assertThat(c.getString("domain")).isEqualTo("murmur.dev");
        assertThat(c.getString("chainIdHex")).isEqualTo("0x7a69");
        assertThat(c.getString("message")).startsWith("murmur.dev wants you to sign in with your Ethereum account:\n")
                .contains("Nonce: " + c.getString("nonce"), "Chain ID: 31337", "Expiration Time: ");
        user.as().body(Map.of("message", c.getString("message"), "signature", sign(c.getString("message"), key)))
                .post("/api/wallets/siwe/verify").then().statusCode(200).body("address", equalTo(key.getAddress()));
        // Single use: the same signed message links nothing twice.
        user.as().body(Map.of("message", c.getString("message"), "signature", sign(c.getString("message"), key)))
                .post("/api/wallets/siwe/verify").then().statusCode(409).body("type", equalTo(PROBLEMS + "wallet-challenge-used"));
        return key.getAddress();
    }

    private static JsonPath get(Api.User user, String path) {
        return user.as().get(path).then().statusCode(200).extract().jsonPath();
    }

    private static BigDecimal tokens(long baseUnits) {
        return BigDecimal.valueOf(baseUnits, 6);
    }

    @Test
    void shouldFollowEveryUnitFromDepositAndEarningsToAClaimTheStatementAddsUp() throws Exception {
        Api.User operator = Settlements.operator();
        Api.User reader = Api.newUser("reader");
        Api.User ada = Api.newUser("ada");
        long adaPost = Api.post(ada, "tip jar " + System.nanoTime());

        // The reader links a wallet with SIWE and deposits 20 tokens with the server's two transactions.
        Credentials readerKey = wallet(20 * TOKEN);
        linkWithSiwe(reader, readerKey);
        JsonPath plan = reader.as().queryParam("amount", "20").get("/api/deposits/plan").then().statusCode(200).extract().jsonPath();
        assertThat(plan.getString("from")).isEqualTo(readerKey.getAddress());
        assertThat(plan.getLong("amount")).isEqualTo(20 * TOKEN);
        assertThat(plan.getString("approve.to")).isEqualTo(chain.tokenAddress());
        assertThat(plan.getString("deposit.to")).isEqualTo(chain.payoutsAddress());
        send(readerKey, plan, "approve");
        String depositTx = send(readerKey, plan, "deposit");
        await().atMost(PATIENCE).until(() -> "credited".equals(get(reader, "/api/deposits/" + depositTx).getString("state")));
        assertThat(get(reader, "/api/deposits/" + depositTx).getString("amount")).isEqualTo("20");

        // An anonymous tip with a message, after the fee quote; a double click pays once.
        reader.as().queryParam("amount", "3").get("/api/tips/quote").then().statusCode(200).body("creatorReceives", equalTo("3"));
        for (int i = 0; i < 2; i++) {
            reader.as().header("Idempotency-Key", "tip-" + adaPost)
                    .body(Map.of("post", adaPost, "amount", "3", "message", "thanks", "anonymous", true)).post("/api/tips")
                    .then().statusCode(201);
        }
        reader.as().header("Idempotency-Key", "too-much-" + adaPost).body(Map.of("post", adaPost, "amount", "100")).post("/api/tips")
                .then().statusCode(422).contentType("application/problem+json").body("type", equalTo(PROBLEMS + "insufficient-balance"));
        assertThat(get(ada, "/api/tips/received").getList("from")).containsExactly("anonymous");
        JsonPath readerHistory = get(reader, "/api/balance/history");
        assertThat(readerHistory.getString("balance")).isEqualTo("17");
        assertThat(readerHistory.getList("deposits.txHash")).containsExactly(depositTx);
        assertThat(readerHistory.getList("tipsSent.anonymous")).containsExactly(true);
        assertThat(readerHistory.getList("tipsSent.to")).containsExactly(ada.handle());

        // Ada earns from engagement, links a wallet, and a batch settles it all (tip first, then the period's payout).
        long paid = Settlements.earn(ada, operator, 1_000_000);
        String adaWallet = Settlements.linkWallet(ada);
        Batch batch = Settlements.settleThroughApi(operator, chain, batches);

        // Only the reward pool backs budgets: the headroom is what it holds beyond the rewards already given,
        // and a budget one unit above it is refused.
        JsonPath funding = get(operator, "/api/operator/settlement/funding");
        assertThat(funding.getLong("headroom")).isEqualTo(funding.getLong("rewardFunded") - funding.getLong("distributed"));
        assertThat(funding.getLong("distributed")).isGreaterThanOrEqualTo(paid);
        long open = operator.as().get("/api/operator/periods/current").then().statusCode(200).extract().jsonPath().getLong("period.id");
        operator.as().body(java.util.Map.of("budget", funding.getLong("headroom") + 1)).put("/api/operator/periods/" + open + "/budget")
                .then().statusCode(409).body("type", org.hamcrest.Matchers.endsWith("budget-exceeds-reward-pool"));
        assertThat(funding.getLong("readerBalances")).isGreaterThanOrEqualTo(17 * TOKEN);
        assertThat(funding.getLong("owedOnChain")).isGreaterThanOrEqualTo(paid + 3 * TOKEN);

        // The operator's live status and the public page of the batch.
        JsonPath status = get(operator, "/api/operator/settlement/batches/" + batch.id() + "/status");
        assertThat(status.getBoolean("finalized")).isTrue();
        assertThat(status.getBoolean("windowOpen")).isFalse();
        assertThat(status.getString("txHash")).isEqualTo(batch.txHash());
        List<Map<String, Object>> published = given().get("/api/transparency/batches").then().statusCode(200).extract().jsonPath().getList("$");
        Map<String, Object> row = published.stream().filter(b -> ((Number) b.get("chainBatchId")).longValue() == batch.chainBatchId())
                .findFirst().orElseThrow();
        assertThat(row.get("status")).isEqualTo("FINAL");
        assertThat(row.get("root")).isEqualTo(batch.root());
        assertThat(row.get("txHash")).isEqualTo(batch.txHash());
        assertThat((List<?>) row.get("flags")).isEmpty();
        JsonPath page = given().get("/api/transparency/batches/" + batch.chainBatchId()).then().statusCode(200).extract().jsonPath();
        assertThat(page.getBoolean("audit.passed")).as(page.prettify()).isTrue();
        assertThat(page.getString("verify.auditCommand")).startsWith("./murmur audit batch " + batch.chainBatchId() + " --rpc ")
                .contains("--contract " + chain.payoutsAddress(), "--manifest ", "/api/batches/" + batch.chainBatchId() + "/manifest");
        assertThat(page.getString("verify.merkleTreeSnippet")).contains("StandardMerkleTree.load(manifest.tree)", batch.root());
        given().get("/api/transparency/batches/" + batch.chainBatchId() + "/veto-transaction").then().statusCode(409)
                .contentType("application/problem+json").body("type", equalTo(PROBLEMS + "veto-window-closed"));

        // Ada claims in the browser: the server prepares the transaction, any wallet may send it, the listener books it.
        JsonPath claim = get(ada, "/api/claims/me/transaction");
        assertThat(claim.getString("address")).isEqualTo(adaWallet);
        assertThat(claim.getString("transaction.to")).isEqualTo(chain.payoutsAddress());
        long claimable = Long.parseLong(claim.getString("claimable"));
        assertThat(claimable).isEqualTo(paid + 3 * TOKEN);
        String claimTx = send(readerKey, claim, "transaction");
        await().atMost(PATIENCE).until(() -> "claimed".equals(get(ada, "/api/claims/me/transactions/" + claimTx).getString("state")));
        assertThat(chain.tokenBalance(adaWallet)).isEqualTo(BigInteger.valueOf(claimable));
        ada.as().get("/api/claims/me/transaction").then().statusCode(409).body("type", equalTo(PROBLEMS + "nothing-to-claim"));

        // A second period stays unsettled.
        long later = Settlements.earn(ada, operator, 500_000);

        // The statement: lines add up, per status, to the totals, and the totals are the earnings page's.
        JsonPath statement = get(ada, "/api/earnings/me/statement");
        JsonPath earnings = Settlements.earnings(ada);
        Map<String, Long> byStatus = new HashMap<>();
        List<Map<String, Object>> lines = statement.getList("lines");
        for (Map<String, Object> l : lines) {
            byStatus.merge((String) l.get("status"), ((Number) l.get("amount")).longValue(), Long::sum);
        }
        assertThat(byStatus.getOrDefault("CLAIMED", 0L)).isEqualTo(claimable).isEqualTo(statement.getLong("totals.claimed"))
                .isEqualTo(earnings.getLong("settlement.claimed"));
        assertThat(byStatus.getOrDefault("UNSETTLED", 0L)).isEqualTo(later).isEqualTo(statement.getLong("totals.unsettled"))
                .isEqualTo(earnings.getLong("settlement.unsettled"));
        assertThat(statement.getLong("totals.pending")).isZero().isEqualTo(earnings.getLong("settlement.pending"));
        assertThat(statement.getLong("totals.claimable")).isZero().isEqualTo(earnings.getLong("settlement.settled"));
        assertThat(statement.getLong("totals.total")).isEqualTo(claimable + later);
        // First in, first out: the tip came first and is claimed in the claim transaction; the engagement lines name the post.
        Map<String, Object> tipLine = lines.stream().filter(l -> "TIP".equals(l.get("kind"))).findFirst().orElseThrow();
        assertThat(tipLine.get("status")).isEqualTo("CLAIMED");
        assertThat(tipLine.get("txHash")).isEqualTo(claimTx);
        assertThat(((Number) tipLine.get("postId")).longValue()).isEqualTo(adaPost);
        assertThat(lines.stream().filter(l -> "ENGAGEMENT".equals(l.get("kind")) && "CLAIMED".equals(l.get("status")))
                .mapToLong(l -> ((Number) l.get("amount")).longValue()).sum()).isEqualTo(paid);
        assertThat(lines).allSatisfy(l -> assertThat(l.get("kind")).isIn("ENGAGEMENT", "TIP"));

        // The CSV says the same, in token units.
        String csv = ada.as().get("/api/earnings/me/statement.csv").then().statusCode(200).contentType("text/csv")
                .header("Content-Disposition", org.hamcrest.Matchers.containsString("attachment")).extract().asString();
        String[] rows = csv.split("\r\n");
        assertThat(rows[0]).isEqualTo("date,kind,period,post,trend,amount,status,batch,chain_batch,tx_hash,event");
        Map<String, BigDecimal> csvByStatus = new HashMap<>();
        for (int i = 1; i < rows.length; i++) {
            String[] f = rows[i].split(",", -1);
            assertThat(f).hasSize(11);
            csvByStatus.merge(f[6], new BigDecimal(f[5]), BigDecimal::add);
            if (f[6].equals("claimed")) {
                assertThat(f[9]).isEqualTo(claimTx);
                assertThat(f[8]).isEqualTo(Long.toString(batch.chainBatchId()));
            }
        }
        assertThat(rows).hasSize(lines.size() + 1);
        assertThat(csvByStatus.get("claimed")).isEqualByComparingTo(tokens(claimable));
        assertThat(csvByStatus.get("unsettled")).isEqualByComparingTo(tokens(later));

        // Chart and breakdown are sums of the same lines.
        JsonPath chart = get(ada, "/api/earnings/me/chart");
        List<Map<String, Object>> bars = chart.getList("periods");
        assertThat(bars.stream().mapToLong(b -> ((Number) b.get("total")).longValue()).sum()).isEqualTo(claimable + later);
        assertThat(bars.stream().mapToLong(b -> ((Number) b.get("tips")).longValue()).sum()).isEqualTo(3 * TOKEN);
        assertThat(chart.getLong("claimed.claimed")).isEqualTo(claimable);
        assertThat(chart.getLong("claimed.unclaimed")).isEqualTo(later);
        JsonPath breakdown = get(ada, "/api/earnings/me/breakdown");
        assertThat(breakdown.getList("tips.amount", Long.class)).containsExactly(3 * TOKEN);
        assertThat(breakdown.getList("posts", Map.class).stream().mapToLong(p -> ((Number) p.get("total")).longValue()).sum())
                .isEqualTo(claimable + later);
        // Every credit of a closed period still says why.
        long closed = ((Number) lines.getLast().get("periodId")).longValue();
        JsonPath why = get(ada, "/api/earnings/me/periods/" + closed);
        assertThat(why.getLong("credits")).isPositive();
        assertThat(why.getList("posts.lines.rule").toString()).containsAnyOf("weight", "new-account", "empty-account");
    }

    @Test
    void shouldPublishTheRewardFormulaAsDocsRewardsMdDoes() throws Exception {
        JsonPath formula = given().get("/api/rewards/formula").then().statusCode(200).extract().jsonPath();
        String docs = java.nio.file.Files.readString(java.nio.file.Path.of("docs/rewards.md"));
        List<Map<String, Object>> weights = formula.getList("engagement.weights");
        assertThat(weights).extracting(w -> w.get("kind")).containsExactlyInAnyOrder("like", "repost", "reply", "quote");
        for (Map<String, Object> w : weights) {
            assertThat(docs).as("docs/rewards.md weight of " + w.get("kind"))
                    .containsPattern("\\|\\s*" + w.get("kind") + "\\s*\\|\\s*" + w.get("credits") + "\\s*\\|");
        }
        assertThat(docs).contains("(default " + formula.getLong("engagement.dailyCap") + ")");
        for (String rule : formula.getList("rules.id", String.class)) {
            assertThat(docs).as("docs/rewards.md names rule " + rule).contains("`" + rule + "`");
        }
    }

    @Test
    void shouldAnswerBadInputWithProblemsAndWriteNothing() {
        Api.User nobody = Api.newUser("nobody");
        nobody.as().get("/api/claims/me/transaction").then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "nothing-to-claim"));
        nobody.as().queryParam("address", "0x123").get("/api/claims/me/transaction").then().statusCode(400)
                .body("type", equalTo(PROBLEMS + "validation-failed"));
        nobody.as().get("/api/claims/me/transactions/0xnothex").then().statusCode(400).body("type", equalTo(PROBLEMS + "validation-failed"));
        nobody.as().get("/api/deposits/0x1234").then().statusCode(400).body("type", equalTo(PROBLEMS + "validation-failed"));
        nobody.as().get("/api/deposits/0x" + "ab".repeat(32)).then().statusCode(200).body("state", equalTo("unknown"));
        nobody.as().queryParam("amount", "-1").get("/api/deposits/plan").then().statusCode(422).body("type", equalTo(PROBLEMS + "invalid-amount"));
        nobody.as().queryParam("amount", "0.0000001").get("/api/deposits/plan").then().statusCode(422)
                .body("type", equalTo(PROBLEMS + "invalid-amount"));
        nobody.as().get("/api/deposits/plan").then().statusCode(400).body("type", equalTo(PROBLEMS + "validation-failed"));
        given().get("/api/earnings/me/statement.csv").then().statusCode(401);
        given().get("/api/deposits/plan?amount=1").then().statusCode(401);
        given().get("/api/transparency/batches/999999").then().statusCode(404).body("type", equalTo(PROBLEMS + "not-found"));
        given().get("/api/transparency/batches/999999/veto-transaction").then().statusCode(404);
        nobody.as().get("/api/operator/settlement/batches/1/status").then().statusCode(403);
        nobody.as().get("/api/operator/moderation/reports").then().statusCode(403);
        nobody.as().get("/api/earnings/me/periods/999999").then().statusCode(404);

        // SIWE: a message that is not one, a page on another domain, another chain: named, and nothing is linked.
        Credentials key = WalletProofTest.newKey();
        nobody.as().body(Map.of("message", "hello", "signature", "0x00")).post("/api/wallets/siwe/verify").then().statusCode(400)
                .body("type", equalTo(PROBLEMS + "validation-failed"));
        String message = nobody.as().body(Map.of("address", key.getAddress())).post("/api/wallets/siwe/nonce").then().statusCode(200)
                .extract().path("message");
        String foreign = message.replaceFirst("^murmur\\.dev ", "evil.example ");
        nobody.as().body(Map.of("message", foreign, "signature", sign(foreign, key))).post("/api/wallets/siwe/verify").then()
                .statusCode(422).body("type", equalTo(PROBLEMS + "wallet-signature-mismatch")).body("errors[0].field", equalTo("message.domain"));
        String otherChain = message.replace("Chain ID: 31337", "Chain ID: 1");
        nobody.as().body(Map.of("message", otherChain, "signature", sign(otherChain, key))).post("/api/wallets/siwe/verify").then()
                .statusCode(422).body("errors[0].field", equalTo("message.chainId"));
        nobody.as().body(Map.of("message", message, "signature", "0x" + "11".repeat(65))).post("/api/wallets/siwe/verify").then()
                .statusCode(400).body("type", equalTo(PROBLEMS + "wallet-signature-malformed"));
        nobody.as().get("/api/wallets/me").then().statusCode(200).body("current", org.hamcrest.Matchers.nullValue());
        nobody.as().body(Map.of()).post("/api/wallets/siwe/nonce").then().statusCode(400);
    }

    @Test
    void shouldListReportsForOperators() {
        Api.User operator = Settlements.operator();
        Api.User spammer = Api.newUser("spammer");
        Api.User reporter = Api.newUser("reporter");
        long post = Api.post(spammer, "buy now " + System.nanoTime());
        reporter.as().body(Map.of("post", post, "reason", "SPAM", "comment", "ads")).post("/api/reports").then().statusCode(201);
        JsonPath queue = get(operator, "/api/operator/moderation/reports?limit=5");
        assertThat(queue.getLong("[0].targetPostId")).isEqualTo(post);
        assertThat(queue.getLong("[0].postAuthorId")).isEqualTo(spammer.id());
        assertThat(queue.getString("[0].reporterHandle")).isEqualTo(reporter.handle());
        assertThat(queue.getString("[0].reason")).isEqualTo("SPAM");
    }

    @Test
    void shouldLetAnAuditorVetoFromTheirOwnWalletAndShowWhereTheAmountsWent() throws Exception {
        Api.User operator = Settlements.operator();
        Api.User ada = Api.newUser("ada");
        long paid = Settlements.earn(ada, operator, 200_007);
        Settlements.linkWallet(ada);
        // A contract of its own with a one-hour window (anvil key 2 operates, key 3 audits).
        var d = dev.murmur.chain.DevChain.deploy(rpcUrl, Settlements.ANVIL_KEYS[2], Settlements.address(3), java.time.Duration.ofHours(1));
        try (var windowed = Settlements.client(rpcUrl, d.payouts(), 2)) {
            var preview = batches.on(windowed).preview();
            BigInteger missing = BigInteger.valueOf(preview.cumulativeTotal() - preview.cumulativeEscrow()).subtract(windowed.rewardFunded());
            if (missing.signum() > 0) assertThat(windowed.fundRewards(missing).success()).isTrue();
            Batch first = batches.on(windowed).create(null);
            batches.on(windowed).submit(first.id());
            Settlements.advanceUntil(batches, first.id(), windowed, Batch.Status.CONFIRMED);
            var status = live.live(batches.require(first.id()), windowed);
            assertThat(status.windowOpen()).isTrue();
            assertThat(status.windowSecondsLeft()).isBetween(3000L, 3600L);
            assertThat(status.finalized()).isFalse();

            // The server hands out the unsigned veto; the auditor's wallet (a key in this test process) signs and sends it.
            var veto = transparency.vetoTransaction(first.chainBatchId(), windowed);
            assertThat(veto.transaction().to()).isEqualTo(d.payouts());
            assertThat(veto.transaction().from()).isNull();
            assertThat(veto.windowSecondsLeft()).isPositive();
            var sent = fast(Credentials.create(Settlements.ANVIL_KEYS[3])).sendTransaction(DefaultGasProvider.GAS_PRICE,
                    DefaultGasProvider.GAS_LIMIT, veto.transaction().to(), veto.transaction().data(), BigInteger.ZERO);
            assertThat(sent.hasError()).isFalse();
            var receipt = await().atMost(PATIENCE).until(
                    () -> web3j.ethGetTransactionReceipt(sent.getTransactionHash()).send().getTransactionReceipt(), Optional::isPresent).orElseThrow();
            assertThat(receipt.isStatusOK()).isTrue();
            assertThat(windowed.batch(first.chainBatchId()).vetoed()).isTrue();
            Settlements.advanceUntil(batches, first.id(), windowed, Batch.Status.VETOED);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> transparency.vetoTransaction(first.chainBatchId(), windowed))
                    .isInstanceOfSatisfying(dev.murmur.problem.ApiException.class,
                            e -> assertThat(e.type()).isEqualTo(dev.murmur.problem.ProblemType.BATCH_ALREADY_VETOED));
            assertThat(Settlements.earnings(ada).getLong("settlement.unsettled")).isEqualTo(paid);

            // The amounts roll into the next batch, and the vetoed batch says so.
            Batch next = batches.on(windowed).create(null);
            assertThat(batches.entitlements(next.id())).filteredOn(e -> e.accountId() == ada.id())
                    .singleElement().satisfies(e -> assertThat(e.delta()).isEqualTo(paid));
            var after = live.live(batches.require(first.id()), windowed);
            assertThat(after.status()).isEqualTo(Batch.Status.VETOED);
            assertThat(after.rolledInto()).isEqualTo(next.id());
            assertThat(after.rolledIntoChainBatchId()).isEqualTo(first.chainBatchId() + 1);
            batches.on(windowed).submit(next.id());
            Settlements.advanceUntil(batches, next.id(), windowed, Batch.Status.CONFIRMED);
            assertThat(Settlements.veto(rpcUrl, windowed.payoutsAddress(), 3, next.chainBatchId())).isZero(); // end it, so later tests can open batches
            Settlements.advanceUntil(batches, next.id(), windowed, Batch.Status.VETOED);
        }
    }
}
