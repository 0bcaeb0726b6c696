package dev.murmur.web;

import dev.murmur.chain.ChainClient;
import dev.murmur.settlement.batch.Batch;
import dev.murmur.settlement.batch.BatchService;
import dev.murmur.settlement.batch.Settlements;
import dev.murmur.testing.Api;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14's wallet journeys in headless Chromium (src/test/web/wallet-journeys.mjs), against the real app,
 * PostgreSQL, Kafka and anvil. Each page holds a test wallet (src/test/web/eip1193.mjs) that signs with an
 * anvil dev key in the node process; the journeys check the chain and the API as well as the page.
 * Anvil keys: 4 the tipping reader, 5 and 6 the two wallets of the error journey, 7 sends the claim.
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
