package dev.murmur.web;

import dev.murmur.account.AccessToken;
import dev.murmur.chain.ChainClient;
import dev.murmur.chain.contract.MurmurPayouts;
import dev.murmur.settlement.batch.Batch;
import dev.murmur.settlement.batch.BatchService;
import dev.murmur.settlement.batch.Settlements;
import dev.murmur.testing.Api;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 14's wallet journeys in headless Chromium (src/test/web/wallet-journeys.mjs), against the real app,
 * PostgreSQL, Kafka and anvil. Each page holds a test wallet (src/test/web/eip1193.mjs) that signs with an
 * anvil dev key in the node process; the journeys check the chain and the API as well as the page.
 * Anvil keys: 1 the auditor (the dev contract's AUDITOR_ROLE), 2 the wallet linked after a step-up, 4 the tipping
 * reader, 5 and 6 the two wallets of the error journey, 7 sends the claim.
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
    void linkingAWalletAfterTheStepUpWindowAsksForThePasswordAndRefusesAWrongOne() {
        Api.User reader = Api.newUser("stepup");
        FormSession browser = FormSession.logIn(reader);
        // A fresh login is inside the step-up window; this session proved its password an hour ago.
        Instant anHourAgo = Instant.now().minus(Duration.ofHours(1));
        int aged = QuarkusTransaction.requiringNew().call(() -> AccessToken.update("authenticatedAt = ?1 where accountId = ?2 and kind = ?3",
                anHourAgo, reader.id(), AccessToken.Kind.SESSION));
        assertThat(aged).as("the browser's session").isEqualTo(1);

        run("stepUpBeforeLinking", "2", reader.handle(), browser.session());

        Instant proved = QuarkusTransaction.requiringNew().call(() -> AccessToken.<AccessToken>find("accountId = ?1 and kind = ?2",
                reader.id(), AccessToken.Kind.SESSION).firstResult().authenticatedAt);
        assertThat(proved).as("the step-up proved the password again for this session").isAfter(anHourAgo.plus(Duration.ofMinutes(50)));
        assertThat(reader.as().get("/api/wallets/me").then().statusCode(200).extract().jsonPath().getString("current.address"))
                .isEqualToIgnoringCase(Settlements.address(2));
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
        long[] vetoedChainBatch = new long[1];
        // The test contract has no challenge window; its admin (the operator key) opens one of an hour.
        Settlements.withChallengeWindow(rpcUrl, chain.payoutsAddress(), 3600, () -> {
            Batch vetoed = Settlements.submitThroughApi(operator, chain, batches, Batch.Status.CONFIRMED);
            vetoedChainBatch[0] = vetoed.chainBatchId();
            run("auditorVetoes", "1", String.valueOf(vetoed.chainBatchId()));
            assertThat(chain.batch(vetoed.chainBatchId()).vetoed()).as("vetoed on chain").isTrue();
            await().atMost(Settlements.PATIENCE).until(() -> batches.require(vetoed.id()).status() == Batch.Status.VETOED);
        });
        assertThat(Settlements.earnings(creator).getLong("settlement.unsettled")).as("the veto gave the amounts back").isEqualTo(paid);
        Batch next = Settlements.settleThroughApi(operator, chain, batches);
        assertThat(next.chainBatchId()).isGreaterThan(vetoedChainBatch[0]);
        assertThat(Settlements.earnings(creator).getLong("settlement.settled")).as("the next batch pays them").isEqualTo(paid);
        assertThat(Settlements.earnings(creator).getLong("settlement.unsettled")).isZero();
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
