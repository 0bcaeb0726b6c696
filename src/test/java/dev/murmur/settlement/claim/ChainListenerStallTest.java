package dev.murmur.settlement.claim;

import dev.murmur.chain.ChainClient;
import dev.murmur.chain.LogRangeRefusedException;
import dev.murmur.chain.Web3jChainClient;
import dev.murmur.chain.contract.MurmurPayouts;
import dev.murmur.chain.contract.MurmurTestToken;
import dev.murmur.ledger.LedgerQueries;
import dev.murmur.ledger.LedgerAccounts;
import dev.murmur.settlement.batch.Settlements;
import dev.murmur.testing.AnvilProcess;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.methods.response.VoidResponse;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.StaticEIP1559GasProvider;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chain listener never stalls, on an anvil of its own: a deposit of uint256's maximum is stored and
 * passed over (the ledger counts in a long), and a provider that refuses wide eth_getLogs ranges gets
 * narrower ones; the deposits after both are booked.
 */
@QuarkusTest
class ChainListenerStallTest {

    /** On this test's own anvil, key 5 follows the contracts (the listener's client) and key 6 is the reader who deposits. */
    private static final int OPERATOR = 5;
    private static final int READER = 6;
    private static final BigInteger UINT256_MAX = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);

    @Inject
    ChainListener listener;
    @Inject
    LedgerQueries ledger;
    @Inject
    EntityManager em;

    /**
     * A token whose whole supply (uint256's maximum) the reader holds, and a payout contract for it, deployed
     * from a new key: the contract's address is new, so no cursor of another test's contract applies.
     */
    private static String deployWithHugeSupply(String rpcUrl) throws Exception {
        HttpService http = new HttpService(rpcUrl);
        Web3j web3j = Web3j.build(http);
        try {
            Credentials operator = Credentials.create(Keys.createEcKeyPair());
            new Request<>("anvil_setBalance", List.of(operator.getAddress(), "0x56BC75E2D63100000"), http, VoidResponse.class).send();
            String reader = Credentials.create(Settlements.ANVIL_KEYS[READER]).getAddress();
            var manager = new RawTransactionManager(web3j, operator, 31337);
            var gas = new StaticEIP1559GasProvider(31337, BigInteger.valueOf(20_000_000_000L), BigInteger.valueOf(1_000_000_000L),
                    BigInteger.valueOf(6_000_000));
            MurmurTestToken token = MurmurTestToken.deploy(web3j, manager, gas, reader, UINT256_MAX).send();
            return MurmurPayouts.deploy(web3j, manager, gas, token.getContractAddress(), operator.getAddress(),
                            dev.murmur.chain.DevChain.ADMIN_TRANSFER_DELAY, BigInteger.ZERO)
                    .send().getContractAddress();
        } finally {
            web3j.shutdown();
        }
    }

    /** The real client, except that eth_getLogs over more than {@code maxBlocks} blocks is refused, as providers do. */
    private static ChainClient refusingWideRanges(ChainClient real, int maxBlocks, List<Long> asked) {
        return (ChainClient) Proxy.newProxyInstance(ChainClient.class.getClassLoader(), new Class<?>[] {ChainClient.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("contractEvents")) {
                        long blocks = (long) args[1] - (long) args[0] + 1;
                        asked.add(blocks);
                        if (blocks > maxBlocks) {
                            throw new LogRangeRefusedException("query exceeds max block range " + maxBlocks);
                        }
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private void catchUp(ChainClient chain) {
        long head = chain.blockNumber().longValueExact();
        for (int i = 0; i < 200 && listener.cursorBlock(chain).orElse(-1L) < head; i++) {
            listener.poll(chain, 0);
        }
        assertThat(listener.cursorBlock(chain)).as("the cursor reached the head").hasValue(head);
    }

    private long held(String address) {
        return QuarkusTransaction.requiringNew().call(() -> ledger.balance(LedgerAccounts.heldDeposits(address), LedgerAccounts.TOKEN));
    }

    private List<BigDecimal> depositAmounts(String contract) {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                        select amount from chain_log where contract = :k and event = 'Deposited' and removed_at is null order by id""",
                        BigDecimal.class)
                .setParameter("k", contract).getResultList());
    }

    @Test
    void shouldStoreADepositBeyondTheLedgersRangeAndBookTheNextOne() throws Exception {
        try (AnvilProcess anvil = AnvilProcess.start()) {
            String payouts = deployWithHugeSupply(anvil.url());
            try (Web3jChainClient chain = Settlements.client(anvil.url(), payouts, OPERATOR);
                 Web3jChainClient reader = Settlements.client(anvil.url(), payouts, READER)) {
                String contract = chain.payoutsAddress();
                String wallet = reader.operatorAddress().toLowerCase(Locale.ROOT);
                long before = held(wallet); // the reader's wallet is the same in both tests
                // Near the contract's largest amount (MAX_AMOUNT = type(uint96).max), far beyond the ledger's long.
                BigInteger huge = BigInteger.TWO.pow(96).subtract(BigInteger.valueOf(8));
                assertThat(reader.deposit(huge).success()).isTrue();
                assertThat(reader.deposit(BigInteger.valueOf(5)).success()).isTrue();

                catchUp(chain);

                assertThat(depositAmounts(contract)).containsExactly(new BigDecimal(huge), BigDecimal.valueOf(5));
                assertThat(held(wallet) - before).as("the deposit the ledger can hold is booked").isEqualTo(5);
            }
        }
    }

    @Test
    void shouldAskForFewerBlocksWhenTheProviderRefusesARange() throws Exception {
        try (AnvilProcess anvil = AnvilProcess.start()) {
            String payouts = deployWithHugeSupply(anvil.url());
            try (Web3jChainClient real = Settlements.client(anvil.url(), payouts, OPERATOR);
                 Web3jChainClient reader = Settlements.client(anvil.url(), payouts, READER)) {
                String wallet = reader.operatorAddress().toLowerCase(Locale.ROOT);
                long before = held(wallet); // the reader's wallet is the same in both tests
                for (int i = 1; i <= 4; i++) { // an approve and a deposit each: 8 blocks
                    assertThat(reader.deposit(BigInteger.valueOf(i)).success()).isTrue();
                }
                List<Long> asked = new ArrayList<>();
                ChainClient chain = refusingWideRanges(real, 3, asked);

                catchUp(chain);

                assertThat(held(wallet) - before).isEqualTo(1 + 2 + 3 + 4);
                assertThat(asked.getFirst()).as("first asked for the configured range").isGreaterThan(3);
                assertThat(listener.blockRange(chain)).isBetween(1, 3);
            }
        }
    }
}
