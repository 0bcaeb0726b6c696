package dev.murmur.settlement.batch;

import dev.murmur.chain.ChainClient;
import dev.murmur.chain.DevChain;
import dev.murmur.chain.Web3jChainClient;
import dev.murmur.testing.Api;
import io.restassured.path.json.JsonPath;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/** Test helpers for settlement: creators who earn through the real pipeline, operators, wallets, fresh contracts. */
public final class Settlements {

    public static final Duration PATIENCE = Duration.ofSeconds(60);
    /** anvil's well-known dev keys (default mnemonic), accounts 0..7. */
    public static final String[] ANVIL_KEYS = {
            "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
            "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
            "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
            "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
            "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
            "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
            "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
            "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356"};

    private static final SecureRandom RANDOM = new SecureRandom();

    private Settlements() {
    }

    public static String randomAddress() {
        byte[] b = new byte[20];
        RANDOM.nextBytes(b);
        return "0x" + HexFormat.of().formatHex(b);
    }

    public static Api.User operator() {
        return Api.newUserWithRole("op", "OPERATOR");
    }

    public static JsonPath earnings(Api.User user) {
        return user.as().get("/api/earnings/me").then().statusCode(200).extract().jsonPath();
    }

    /**
     * The creator earns through the real pipeline: a reader likes a post, the credit arrives, the
     * operator funds and closes the open period. Returns what the creator was paid at the close.
     */
    public static long earn(Api.User creator, Api.User operator, long budget) {
        Api.User reader = Api.newUser("reader");
        long post = Api.post(creator, "worth settling " + System.nanoTime());
        long before = earnings(creator).getLong("open.credits");
        reader.as().put("/api/posts/" + post + "/like").then().statusCode(200);
        await().atMost(PATIENCE).until(() -> earnings(creator).getLong("open.credits") > before);
        long unsettledBefore = earnings(creator).getLong("settlement.unsettled");
        long period = earnings(creator).getLong("open.periodId");
        // A budget must fit the contract's reward pool (decision 0621): fund it first.
        operator.as().body(Map.of("amount", budget)).post("/api/operator/settlement/fund").then().statusCode(200);
        operator.as().body(Map.of("budget", budget)).put("/api/operator/periods/" + period + "/budget").then().statusCode(200);
        operator.as().post("/api/operator/periods/" + period + "/close").then().statusCode(200);
        long paid = earnings(creator).getLong("settlement.unsettled") - unsettledBefore;
        if (paid <= 0) {
            throw new AssertionError("the close paid the creator nothing");
        }
        return paid;
    }

    /** Funds what the next batch needs, creates and submits it through the operator API, and waits for FINAL. */
    public static Batch settleThroughApi(Api.User operator, ChainClient chain, BatchService batches) {
        JsonPath preview = operator.as().get("/api/operator/settlement/preview").then().statusCode(200).extract().jsonPath();
        // The reward part of the batch must fit the reward pool; the escrow part is backed by reader deposits.
        long rewardPart = preview.getLong("cumulativeTotal") - preview.getLong("cumulativeEscrow");
        long missing = rewardPart - chain.rewardFunded().longValueExact();
        if (missing > 0) {
            operator.as().body(Map.of("amount", missing)).post("/api/operator/settlement/fund").then().statusCode(200);
        }
        long id = operator.as().post("/api/operator/settlement/batches").then().statusCode(201).extract().jsonPath().getLong("id");
        operator.as().post("/api/operator/settlement/batches/" + id + "/submit").then().statusCode(200);
        await().atMost(PATIENCE).until(() -> batches.require(id).status() == Batch.Status.FINAL);
        return batches.require(id);
    }

    public static void linkWallet(Api.User operator, Api.User creator, String address) {
        operator.as().body(Map.of("address", address)).put("/api/operator/accounts/" + creator.id() + "/wallet")
                .then().statusCode(200);
    }

    /** A fresh payout contract on the given node, operated by anvil key {@code operatorIndex}, with its own client. */
    public static Web3jChainClient freshContract(String rpcUrl, int operatorIndex) {
        String operatorKey = ANVIL_KEYS[operatorIndex];
        String auditorKey = ANVIL_KEYS[operatorIndex + 1];
        DevChain.Deployment d = DevChain.deploy(rpcUrl, operatorKey, auditorKey, Duration.ZERO);
        return client(rpcUrl, d.payouts(), operatorIndex);
    }

    public static Web3jChainClient client(String rpcUrl, String payouts, int operatorIndex) {
        return new Web3jChainClient(new Web3jChainClient.Settings(rpcUrl, payouts, ANVIL_KEYS[operatorIndex],
                ANVIL_KEYS[operatorIndex + 1], Duration.ofMillis(50), Duration.ofSeconds(30), 150_000));
    }

    /** Advances a batch on a chain client until it reaches {@code status} (each step asks the chain again). */
    public static Batch advanceUntil(BatchService batches, long id, ChainClient chain, Batch.Status status) {
        await().atMost(PATIENCE).until(() -> batches.advance(id, chain).status() == status);
        return batches.require(id);
    }
}
