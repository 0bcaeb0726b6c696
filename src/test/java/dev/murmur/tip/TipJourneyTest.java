package dev.murmur.tip;

import dev.murmur.settlement.batch.plan.Entitlement;
import dev.murmur.account.WalletProofTest;
import dev.murmur.audit.AuditCli;
import dev.murmur.chain.ChainClient;
import dev.murmur.chain.contract.MurmurPayouts;
import dev.murmur.chain.contract.MurmurTestToken;
import dev.murmur.ledger.LedgerAccount;
import dev.murmur.ledger.LedgerQueries;
import dev.murmur.ledger.LedgerAccounts;
import dev.murmur.settlement.batch.Batch;
import dev.murmur.settlement.batch.BatchService;
import dev.murmur.settlement.batch.Settlements;
import dev.murmur.testing.Api;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.utils.Numeric;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.murmur.settlement.batch.Settlements.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A reader's whole money path on real PostgreSQL, Kafka and anvil: link a wallet with a signature,
 * deposit on chain, the listener credits the deposit once confirmed, tip two creators, a batch
 * settles, the creators claim, the reader withdraws the rest and claims it; every balance is exact at
 * every step, and the independent audit passes for both batches. Also: a deposit from an address no
 * account has linked is held, then released to the account that links it.
 */
@QuarkusTest
class TipJourneyTest {

    private static final long TOKEN = 1_000_000; // 6 decimals

    @Inject
    ChainClient chain;
    @Inject
    BatchService batches;
    @Inject
    LedgerQueries ledger;
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

    private MurmurTestToken token(Credentials as) throws Exception {
        MurmurPayouts payouts = MurmurPayouts.load(chain.payoutsAddress(), web3j, fast(web3j, as), new DefaultGasProvider());
        return MurmurTestToken.load(payouts.token().send(), web3j, fast(web3j, as), new DefaultGasProvider());
    }

    private void deposit(Credentials from, long amount) throws Exception {
        TransactionReceipt approved = token(from).approve(chain.payoutsAddress(), BigInteger.valueOf(amount)).send();
        assertThat(approved.isStatusOK()).isTrue();
        MurmurPayouts payouts = MurmurPayouts.load(chain.payoutsAddress(), web3j, fast(web3j, from), new DefaultGasProvider());
        assertThat(payouts.deposit(BigInteger.valueOf(amount)).send().isStatusOK()).isTrue();
    }

    private static JsonPath balance(Api.User user) {
        return user.as().get("/api/balance").then().statusCode(200).extract().jsonPath();
    }

    private long ledgerBalance(LedgerAccount account) {
        return QuarkusTransaction.requiringNew().call(() -> ledger.balance(account, LedgerAccounts.TOKEN));
    }

    private Batch settle(Api.User operator) {
        return Settlements.settleThroughApi(operator, chain, batches);
    }

    /** Claims everything the account's current wallet can claim, sending from {@code sender}. */
    private void claim(Api.User user, Credentials sender) throws Exception {
        JsonPath claims = user.as().get("/api/claims/me").then().statusCode(200).extract().jsonPath();
        String calldata = claims.getString("addresses.find { it.claimableNow != '0' }.calldata");
        assertThat(calldata).as("claimable calldata for " + user.handle()).isNotNull();
        var tx = fast(web3j, sender)
                .sendTransaction(DefaultGasProvider.GAS_PRICE, DefaultGasProvider.GAS_LIMIT, chain.payoutsAddress(), calldata, BigInteger.ZERO);
        assertThat(tx.hasError()).as(String.valueOf(tx.getError() == null ? "" : tx.getError().getMessage())).isFalse();
        TransactionReceipt receipt = await().atMost(PATIENCE).until(
                () -> web3j.ethGetTransactionReceipt(tx.getTransactionHash()).send().getTransactionReceipt(), Optional::isPresent).orElseThrow();
        assertThat(receipt.isStatusOK()).isTrue();
    }

    private int audit(Batch batch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String manifest = "http://localhost:" + RestAssured.port + "/api/batches/" + batch.chainBatchId() + "/manifest";
        int code = AuditCli.run(new String[] {"batch", Long.toString(batch.chainBatchId()), "--rpc", rpcUrl, "--contract", chain.payoutsAddress(),
                "--manifest", manifest}, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8), Map.of());
        assertThat(code).as(out.toString(StandardCharsets.UTF_8)).isZero();
        return code;
    }

    /** Signs for {@code key} and polls receipts every 100 ms (web3j's default waits 15 s between polls). */
    private static RawTransactionManager fast(Web3j web3j, Credentials key) {
        return new RawTransactionManager(web3j, key, 31337, new org.web3j.tx.response.PollingTransactionReceiptProcessor(web3j, 100, 600));
    }

    @Test
    void shouldCarryAReadersDepositThroughTipsSettlementClaimsAndAWithdrawal() throws Exception {
        Api.User operator = Settlements.operator();
        Api.User reader = Api.newUser("reader");
        Api.User ada = Api.newUser("ada");
        Api.User bob = Api.newUser("bob");
        long adaPost = Api.post(ada, "tip jar");

        // 1. The reader proves a wallet; 2. deposits 50 tokens on anvil.
        Credentials readerKey = wallet(100 * TOKEN);
        String readerWallet = WalletProofTest.linkWithProof(reader, readerKey);
        deposit(readerKey, 50 * TOKEN);
        // 3. The listener credits it, once.
        await().atMost(PATIENCE).until(() -> "50".equals(balance(reader).getString("balance")));
        assertThat(balance(reader).getList("movements.kind")).containsExactly("deposited");

        // 4. Tips to two creators.
        reader.as().header("Idempotency-Key", "j-1").body(Map.of("post", adaPost, "amount", 10, "message", "for the jar")).post("/api/tips")
                .then().statusCode(201);
        reader.as().header("Idempotency-Key", "j-2").body(Map.of("creator", bob.handle(), "amount", "5")).post("/api/tips")
                .then().statusCode(201);
        assertThat(balance(reader).getString("balance")).isEqualTo("35");
        assertThat(balance(ada).getString("payable")).isEqualTo("10");
        assertThat(balance(bob).getString("payable")).isEqualTo("5");

        // 5. A batch settles: the creators' tips are in it (they link wallets first).
        Credentials adaKey = WalletProofTest.newKey();
        Credentials bobKey = WalletProofTest.newKey();
        WalletProofTest.linkWithProof(ada, adaKey);
        WalletProofTest.linkWithProof(bob, bobKey);
        Batch first = settle(operator);
        assertThat(batches.entitlements(first.id()).stream().filter(e -> e.accountId() == ada.id()).mapToLong(Entitlement::cumulative).sum())
                .isEqualTo(10 * TOKEN);
        assertThat(balance(ada).getString("settled")).isEqualTo("10");

        // 6. The creators claim (anyone may send a claim; the reader's key pays the gas here).
        claim(ada, readerKey);
        claim(bob, readerKey);
        assertThat(chain.tokenBalance(adaKey.getAddress())).isEqualTo(BigInteger.valueOf(10 * TOKEN));
        assertThat(chain.tokenBalance(bobKey.getAddress())).isEqualTo(BigInteger.valueOf(5 * TOKEN));
        await().atMost(PATIENCE).until(() -> ledgerBalance(LedgerAccounts.creatorClaimed(ada.id())) == 10 * TOKEN
                && ledgerBalance(LedgerAccounts.creatorClaimed(bob.id())) == 5 * TOKEN);
        audit(first);

        // 7. The reader withdraws the rest; it joins the next batch and is claimed like earnings.
        reader.as().header("Idempotency-Key", "j-w").body(Map.of("amount", 35)).post("/api/balance/withdraw").then().statusCode(200);
        assertThat(balance(reader).getString("balance")).isEqualTo("0");
        assertThat(balance(reader).getString("payable")).isEqualTo("35");
        Batch second = settle(operator);
        claim(reader, readerKey);
        assertThat(chain.tokenBalance(readerWallet)).isEqualTo(BigInteger.valueOf((100 - 50 + 35) * TOKEN));
        await().atMost(PATIENCE).until(() -> ledgerBalance(LedgerAccounts.creatorClaimed(reader.id())) == 35 * TOKEN);
        assertThat(balance(reader).getList("movements.kind")).containsExactly("withdrawn", "tipped", "tipped", "deposited");
        audit(second);
        assertThat(QuarkusTransaction.requiringNew().call(() -> ledger.balance(LedgerAccounts.tippingBalance(reader.id()), LedgerAccounts.TOKEN)))
                .isZero();
    }

    @Test
    void shouldHoldADepositFromAnUnlinkedAddressUntilItsOwnerLinksIt() throws Exception {
        Api.User reader = Api.newUser("late");
        Credentials key = wallet(10 * TOKEN);
        String address = Numeric.prependHexPrefix(Numeric.cleanHexPrefix(key.getAddress())).toLowerCase();
        deposit(key, 3 * TOKEN);
        await().atMost(PATIENCE).until(() -> ledgerBalance(LedgerAccounts.heldDeposits(address)) == 3 * TOKEN);
        assertThat(balance(reader).getString("balance")).isEqualTo("0");

        WalletProofTest.linkWithProof(reader, key);

        assertThat(balance(reader).getString("balance")).isEqualTo("3");
        assertThat(ledgerBalance(LedgerAccounts.heldDeposits(address))).isZero();
        // Later deposits from the linked address go straight to the balance.
        deposit(key, 2 * TOKEN);
        await().atMost(PATIENCE).until(() -> "5".equals(balance(reader).getString("balance")));
    }

    /** A fresh key with 100 ETH for gas and {@code tokens} base units of the payout token. */
    private Credentials wallet(long tokens) throws Exception {
        Credentials key = WalletProofTest.newKey();
        var gas = new org.web3j.protocol.core.Request<>("anvil_setBalance", List.of(key.getAddress(), "0x56BC75E2D63100000"), rpc,
                org.web3j.protocol.core.methods.response.VoidResponse.class).send();
        assertThat(gas.hasError()).isFalse();
        TransactionReceipt sent = token(Credentials.create(Settlements.ANVIL_KEYS[0])).transfer(key.getAddress(), BigInteger.valueOf(tokens)).send();
        assertThat(sent.isStatusOK()).isTrue();
        return key;
    }
}
