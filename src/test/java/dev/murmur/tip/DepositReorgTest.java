package dev.murmur.tip;

import dev.murmur.account.WalletProofTest;
import dev.murmur.chain.Web3jChainClient;
import dev.murmur.chain.contract.MurmurPayouts;
import dev.murmur.chain.contract.MurmurTestToken;
import dev.murmur.settlement.batch.Settlements;
import dev.murmur.settlement.claim.ChainListener;
import dev.murmur.testing.AnvilProcess;
import dev.murmur.testing.Api;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A deposit that a reorg removes, on an anvil of its own: credited once confirmed, partly spent on a
 * tip, then its block leaves the chain. The credit is reversed even though it was spent, the balance
 * goes negative (the documented rule, docs/tips.md), tipping is refused until a new deposit covers it,
 * and the tip already sent stands.
 */
@QuarkusTest
class DepositReorgTest {

    private static final long TOKEN = 1_000_000;
    /**
     * anvil key 3 deploys and operates this anvil's contract and holds its test token's supply. The
     * listener keys its cursor by chain id and contract, and every anvil has chain id 31337: no other
     * test deploys with key 3, so this contract's address is this test's alone.
     */
    private static final int OPERATOR = 3;

    @Inject
    ChainListener listener;
    @Inject
    EntityManager em;

    private void catchUp(Web3jChainClient chain) {
        for (int i = 0; i < 100 && listener.cursorBlock(chain).orElse(-1L) < chain.blockNumber().longValueExact(); i++) {
            listener.poll(chain, 0);
        }
    }

    private static String balance(Api.User user) {
        return user.as().get("/api/balance").then().statusCode(200).extract().path("balance");
    }

    /** Signs for {@code key} and polls receipts every 100 ms (web3j's default waits 15 s between polls). */
    private static RawTransactionManager fast(Web3j web3j, Credentials key) {
        return new RawTransactionManager(web3j, key, 31337, new org.web3j.tx.response.PollingTransactionReceiptProcessor(web3j, 100, 600));
    }

    @Test
    void shouldReverseASpentDepositWhenItsBlockLeavesTheChain() throws Exception {
        Api.User reader = Api.newUser("reader");
        Api.User ada = Api.newUser("ada");
        Credentials key = WalletProofTest.newKey();
        WalletProofTest.linkWithProof(reader, key);

        try (AnvilProcess anvil = AnvilProcess.start(); Web3jChainClient chain = Settlements.freshContract(anvil.url(), OPERATOR)) {
            Web3j web3j = Web3j.build(new HttpService(anvil.url()));
            anvil.rpc("anvil_setBalance", key.getAddress(), "0x56BC75E2D63100000");
            Credentials operator = Credentials.create(Settlements.ANVIL_KEYS[OPERATOR]);
            MurmurPayouts asOperator = MurmurPayouts.load(chain.payoutsAddress(), web3j, fast(web3j, operator), new DefaultGasProvider());
            String tokenAddress = asOperator.token().send();
            assertThat(MurmurTestToken.load(tokenAddress, web3j, fast(web3j, operator), new DefaultGasProvider())
                    .transfer(key.getAddress(), BigInteger.valueOf(20 * TOKEN)).send().isStatusOK()).isTrue();
            assertThat(MurmurTestToken.load(tokenAddress, web3j, fast(web3j, key), new DefaultGasProvider())
                    .approve(chain.payoutsAddress(), BigInteger.valueOf(20 * TOKEN)).send().isStatusOK()).isTrue();
            MurmurPayouts asReader = MurmurPayouts.load(chain.payoutsAddress(), web3j, fast(web3j, key), new DefaultGasProvider());
            catchUp(chain);

            String snapshot = anvil.rpc("evm_snapshot");
            assertThat(asReader.deposit(BigInteger.valueOf(5 * TOKEN)).send().isStatusOK()).isTrue();
            catchUp(chain);
            assertThat(balance(reader)).isEqualTo("5");
            catchUp(chain);
            assertThat(balance(reader)).as("credited once").isEqualTo("5");

            reader.as().header("Idempotency-Key", "spend").body(Map.of("creator", ada.handle(), "amount", 3)).post("/api/tips")
                    .then().statusCode(201);
            assertThat(balance(reader)).isEqualTo("2");

            // The deposit's block leaves the chain; the new chain grows past the cursor.
            anvil.rpc("evm_revert", snapshot);
            anvil.rpc("anvil_mine", "0x3");
            catchUp(chain);
            assertThat(balance(reader)).isEqualTo("-3");
            reader.as().header("Idempotency-Key", "refused").body(Map.of("creator", ada.handle(), "amount", 1)).post("/api/tips")
                    .then().statusCode(422).body("type", org.hamcrest.Matchers.endsWith("/insufficient-balance"));
            ada.as().get("/api/balance").then().body("payable", org.hamcrest.Matchers.equalTo("3"));

            // A new deposit in the new chain is credited once, against the debt.
            assertThat(asReader.deposit(BigInteger.valueOf(5 * TOKEN)).send().isStatusOK()).isTrue();
            catchUp(chain);
            assertThat(balance(reader)).isEqualTo("2");
            assertThat(QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                    select entry_id from journal_posting group by entry_id, unit having sum(amount) <> 0""").getResultList())).isEmpty();
            web3j.shutdown();
        }
    }
}
