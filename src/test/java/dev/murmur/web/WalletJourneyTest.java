package dev.murmur.web;

import dev.murmur.chain.ChainClient;
import dev.murmur.chain.contract.MurmurPayouts;
import dev.murmur.settlement.batch.Batch;
import dev.murmur.settlement.batch.BatchService;
import dev.murmur.settlement.batch.Settlements;
import dev.murmur.testing.Api;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.methods.response.VoidResponse;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

import java.math.BigInteger;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 14's wallet journeys in headless Chromium (src/test/web/wallet-journeys.mjs), against the real app,
 * PostgreSQL, Kafka and anvil. Each page holds a test wallet (src/test/web/eip1193.mjs) that signs with an
 * anvil dev key in the node process; the journeys check the chain and the API as well as the page.
 * Anvil keys: 1 the auditor (the dev contract's AUDITOR_ROLE), 4 the tipping reader, 5 and 6 the two wallets
 * of the error journey, 7 sends the claim.
 */
@QuarkusTest
class WalletJourneyTest {

    private static final long TOKEN = 1_000_000; // the dev token has 6 decimals

    @TestHTTPResource("/")
    URL app;
    @Inject
    ChainClient chain;
    @Inject
    BatchService batches;
    @ConfigProperty(name = "murmur.chain.rpc-url")
    String rpcUrl;

    /** A creator whose earnings went through a FINAL batch, with the wallet it linked; set up once. */
    private static Api.User settledCreator;
    private static String settledWallet;
    private static Batch settledBatch;

    @Test
    void aReaderLinksAWalletDepositsAndTipsAPostAndTheCreatorSeesTheTip() {
        ChainClient.Receipt funded = chain.transferTokens(Settlements.address(4), BigInteger.valueOf(50 * TOKEN));
        assertThat(funded.success()).as("the reader's wallet got 50 tokens from the operator").isTrue();
        run("linkDepositTip", "4");
    }

    @Test
    void aWrongNetworkAndADeclinedSignatureAreExplainedInWords() {
        run("walletErrorsInWords", "5", "6");
    }

    @Test
    void aCreatorClaimsInTheBrowserAndTheWalletGrowsByExactlyTheClaimable() {
        settle();
        run("claimInTheBrowser", "7", settledCreator.handle(), settledWallet, chain.tokenAddress());
    }

    @Test
    void axeFindsNoSeriousViolationOnTheWalletPagesAndTheTipDialog() {
        settle();
        run("accessibleWalletPages", settledCreator.handle(), String.valueOf(settledBatch.chainBatchId()));
    }

    /** The money pages' own axe journey (journeys.mjs), which had not been wired into a test before. */
    @Test
    void axeFindsNoSeriousViolationOnTheEarningsAndTransparencyPages() {
        settle();
        Journeys.run("accessibleMoneyPages", app, settledCreator.handle(), String.valueOf(settledBatch.chainBatchId()));
    }

    @Test
    void anAuditorVetoesABatchInsideItsWindowFromTheirWalletAndItsAmountsRollIntoTheNextBatch() throws Exception {
        settle(); // the batch before is FINAL, so the next one may open a window (decision 0622)
        Api.User operator = Settlements.operator();
        Api.User creator = Api.newUser("vetoed");
        long paid = Settlements.earn(creator, operator, 500_000);
        Settlements.linkWallet(creator);
        HttpService rpc = new HttpService(rpcUrl);
        Web3j web3j = Web3j.build(rpc);
        try {
            // The test contract has no challenge window; its admin (the operator key) opens one of an hour.
            MurmurPayouts admin = MurmurPayouts.load(chain.payoutsAddress(), web3j, new RawTransactionManager(web3j,
                    Credentials.create(Settlements.ANVIL_KEYS[0]), 31337, new PollingTransactionReceiptProcessor(web3j, 100, 600)),
                    new DefaultGasProvider());
            assertThat(admin.setChallengeWindow(BigInteger.valueOf(3600)).send().isStatusOK()).isTrue();
            Batch vetoed;
            try {
                vetoed = Settlements.submitThroughApi(operator, chain, batches, Batch.Status.CONFIRMED);
                run("auditorVetoes", "1", String.valueOf(vetoed.chainBatchId()));
                assertThat(chain.batch(vetoed.chainBatchId()).vetoed()).as("vetoed on chain").isTrue();
                await().atMost(Settlements.PATIENCE).until(() -> batches.require(vetoed.id()).status() == Batch.Status.VETOED);
            } finally {
                // Back to a window of 0 for the other tests: a decrease waits one old window (decision 0624), anvil skips it.
                assertThat(admin.setChallengeWindow(BigInteger.ZERO).send().isStatusOK()).isTrue();
                assertThat(new Request<>("evm_increaseTime", List.of(3601), rpc, VoidResponse.class).send().hasError()).isFalse();
                assertThat(new Request<>("evm_mine", List.of(), rpc, VoidResponse.class).send().hasError()).isFalse();
                assertThat(admin.applyChallengeWindow().send().isStatusOK()).isTrue();
            }
            assertThat(Settlements.earnings(creator).getLong("settlement.unsettled")).as("the veto gave the amounts back").isEqualTo(paid);
            Batch next = Settlements.settleThroughApi(operator, chain, batches);
            assertThat(next.chainBatchId()).isGreaterThan(vetoed.chainBatchId());
            assertThat(Settlements.earnings(creator).getLong("settlement.settled")).as("the next batch pays them").isEqualTo(paid);
            assertThat(Settlements.earnings(creator).getLong("settlement.unsettled")).isZero();
        } finally {
            web3j.shutdown();
        }
    }

    private void run(String journey, String... extra) {
        String base = app.toString().replaceAll("/+$", "");
        List<String> args = new ArrayList<>(List.of("wallet-journeys.mjs", journey, base, Journeys.OUT.toAbsolutePath().toString(), rpcUrl));
        args.addAll(List.of(extra));
        Journeys.run(args, "journey " + journey + ": passed");
    }

    /** Earns through the real pipeline, links a wallet and settles to FINAL through the operator API, once. */
    private synchronized void settle() {
        if (settledCreator != null) {
            return;
        }
        Api.User operator = Settlements.operator();
        Api.User creator = Api.newUser("claimer");
        Settlements.earn(creator, operator, 1_000_000);
        settledWallet = Settlements.linkWallet(creator);
        settledBatch = Settlements.settleThroughApi(operator, chain, batches);
        settledCreator = creator;
    }
}
