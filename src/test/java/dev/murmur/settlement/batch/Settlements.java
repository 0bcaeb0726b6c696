package dev.murmur.settlement.batch;

import dev.murmur.account.WalletProofTest;
import dev.murmur.audit.AuditCli;
import dev.murmur.chain.ChainClient;
import dev.murmur.chain.ContractEvent;
import dev.murmur.chain.DevChain;
import dev.murmur.chain.Web3jChainClient;
import dev.murmur.chain.contract.MurmurPayouts;
import dev.murmur.testing.Api;
import io.restassured.path.json.JsonPath;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.methods.response.VoidResponse;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/** Test helpers for settlement: creators who earn through the real pipeline, operators, wallets, fresh contracts. */
public final class Settlements {

    /** Every {@code BatchSettled} event of the chain's contract, from block 0 to the head. */
    public static List<ContractEvent.BatchSettled> settledEvents(ChainClient chain) {
        return chain.contractEvents(0, chain.blockNumber().longValueExact()).stream()
                .filter(ContractEvent.BatchSettled.class::isInstance).map(ContractEvent.BatchSettled.class::cast).toList();
    }

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
        earnCredit(creator);
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

    /** A reader likes a new post of the creator's; returns once the credit is in the creator's open period. */
    public static void earnCredit(Api.User creator) {
        Api.User reader = Api.newUser("reader");
        long post = Api.post(creator, "worth settling " + System.nanoTime());
        long before = earnings(creator).getLong("open.credits");
        reader.as().put("/api/posts/" + post + "/like").then().statusCode(200);
        await().atMost(PATIENCE).until(() -> earnings(creator).getLong("open.credits") > before);
    }

    /** Funds what the next batch needs, creates and submits it through the operator API, and waits for FINAL. */
    public static Batch settleThroughApi(Api.User operator, ChainClient chain, BatchService batches) {
        return submitThroughApi(operator, chain, batches, Batch.Status.FINAL);
    }

    /** As {@link #settleThroughApi}, waiting for {@code status} (CONFIRMED: on chain, its challenge window open). */
    public static Batch submitThroughApi(Api.User operator, ChainClient chain, BatchService batches, Batch.Status status) {
        fundNextBatch(operator, chain);
        long id = operator.as().post("/api/operator/settlement/batches").then().statusCode(201).extract().jsonPath().getLong("id");
        // The API records the request (202); the settler's driver (this process, role all) signs and sends it.
        operator.as().post("/api/operator/settlement/batches/" + id + "/submit").then().statusCode(202);
        await().atMost(PATIENCE).until(() -> batches.require(id).status() == status);
        return batches.require(id);
    }

    /** Funds the reward pool with what the next batch's reward part needs beyond what it holds (through the operator API). */
    public static void fundNextBatch(Api.User operator, ChainClient chain) {
        JsonPath preview = operator.as().get("/api/operator/settlement/preview").then().statusCode(200).extract().jsonPath();
        // The reward part of the batch must fit the reward pool; the escrow part is backed by reader deposits.
        long rewardPart = preview.getLong("cumulativeTotal") - preview.getLong("cumulativeEscrow");
        long missing = rewardPart - chain.rewardFunded().longValueExact();
        if (missing > 0) {
            operator.as().body(Map.of("amount", missing)).post("/api/operator/settlement/fund").then().statusCode(200);
        }
    }

    /**
     * The creator links a fresh wallet the only way there is: by signing the issued challenge with its key
     * (decision 0615). Returns the linked address.
     */
    public static String linkWallet(Api.User creator) {
        return WalletProofTest.linkWithProof(creator, WalletProofTest.newKey());
    }

    /** The address of anvil key {@code index}. */
    public static String address(int index) {
        return Credentials.create(ANVIL_KEYS[index]).getAddress();
    }

    /**
     * A fresh payout contract on the given node, operated by anvil key {@code operatorIndex}, with its own client;
     * anvil key {@code operatorIndex + 1} is its auditor (by address: see {@link #veto}).
     */
    public static Web3jChainClient freshContract(String rpcUrl, int operatorIndex) {
        return freshContract(rpcUrl, operatorIndex, Duration.ZERO);
    }

    public static Web3jChainClient freshContract(String rpcUrl, int operatorIndex, Duration challengeWindow) {
        DevChain.Deployment d = DevChain.deploy(rpcUrl, ANVIL_KEYS[operatorIndex], address(operatorIndex + 1), challengeWindow);
        return client(rpcUrl, d.payouts(), operatorIndex);
    }

    /** A client that signs with anvil key {@code signerIndex} (the operator's, in Murmur's settler). */
    public static Web3jChainClient client(String rpcUrl, String payouts, int signerIndex) {
        return new Web3jChainClient(new Web3jChainClient.Settings(rpcUrl, payouts, ANVIL_KEYS[signerIndex],
                Duration.ofMillis(50), Duration.ofSeconds(30), 150_000));
    }

    /**
     * The auditor vetoes chain batch {@code chainBatchId} the way auditors do: {@code ./murmur audit veto}, with
     * the auditor's key (anvil key {@code auditorIndex}) in MURMUR_AUDITOR_KEY. Returns the CLI's exit code.
     */
    public static int veto(String rpcUrl, String payouts, int auditorIndex, long chainBatchId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = AuditCli.run(new String[] {"veto", Long.toString(chainBatchId), "--rpc", rpcUrl, "--contract", payouts},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of("MURMUR_AUDITOR_KEY", ANVIL_KEYS[auditorIndex]));
        System.out.print(out.toString(StandardCharsets.UTF_8));
        System.out.print(err.toString(StandardCharsets.UTF_8));
        return exit;
    }

    /** What runs while a challenge window is open. */
    @FunctionalInterface
    public interface InWindow {
        void run() throws Exception;
    }

    /**
     * Runs {@code inWindow} while the contract at {@code payouts} has a challenge window of {@code seconds}: its admin
     * (anvil key 0, the test stack's operator) opens it, and sets it back to 0 afterwards. A decrease waits one old
     * window (decision 0624), so anvil's clock skips it ({@code evm_increaseTime}). The batch before must be FINAL
     * for the next one to open a window (decision 0622).
     */
    public static void withChallengeWindow(String rpcUrl, String payouts, long seconds, InWindow inWindow) throws Exception {
        HttpService rpc = new HttpService(rpcUrl);
        Web3j web3j = Web3j.build(rpc);
        try {
            MurmurPayouts admin = MurmurPayouts.load(payouts, web3j, new RawTransactionManager(web3j,
                    Credentials.create(ANVIL_KEYS[0]), 31337, new PollingTransactionReceiptProcessor(web3j, 100, 600)),
                    new DefaultGasProvider());
            require(admin.setChallengeWindow(BigInteger.valueOf(seconds)).send().isStatusOK(), "open the window");
            try {
                inWindow.run();
            } finally {
                require(admin.setChallengeWindow(BigInteger.ZERO).send().isStatusOK(), "schedule the window back to 0");
                require(!new Request<>("evm_increaseTime", List.of(seconds + 1), rpc, VoidResponse.class).send().hasError(), "evm_increaseTime");
                require(!new Request<>("evm_mine", List.of(), rpc, VoidResponse.class).send().hasError(), "evm_mine");
                require(admin.applyChallengeWindow().send().isStatusOK(), "apply the window of 0");
            }
        } finally {
            web3j.shutdown();
        }
    }

    private static void require(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError("the contract's admin could not " + what);
        }
    }

    /** Advances a batch on a chain client until it reaches {@code status} (each step asks the chain again). */
    public static Batch advanceUntil(BatchService batches, long id, ChainClient chain, Batch.Status status) {
        await().atMost(PATIENCE).until(() -> batches.on(chain).advance(id).status() == status);
        return batches.require(id);
    }
}
