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

import java.net.URL;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator console's journeys in headless Chromium (issue 14, journeys 2 and 6; docs/web.md), against
 * the real app, PostgreSQL, Kafka and anvil of the test stack. Each runs src/test/web/console-journeys.mjs;
 * fixtures are made here and through /api, the journeys act through the pages, and the results are checked
 * in the API and on chain.
 */
@QuarkusTest
class ConsoleJourneyTest {

    @TestHTTPResource("/")
    URL app;
    @Inject
    ChainClient chain;
    @Inject
    BatchService batches;
    @ConfigProperty(name = "murmur.chain.rpc-url")
    String rpcUrl;

    /** A FINAL batch settled through the API, once, so the accessibility journey has a batch page to check. */
    private static Batch settled;

    @Test
    void anOperatorClosesAPeriodAndSettlesABatchFromTheConsoleUntilItIsFinal() {
        Api.User operator = Settlements.operator();
        Api.User creator = Api.newUser("earner");
        Settlements.earnCredit(creator);
        String wallet = Settlements.linkWallet(creator);
        Api.User walletless = Api.newUser("nowallet");
        Settlements.earnCredit(walletless);
        long lastOnChain = chain.lastBatchId();

        run("operatorSettlesABatch", operator.handle(), creator.handle(), walletless.handle());

        // The page said final; the ledger, the API and the chain agree on what was settled.
        Batch batch = batches.list(1).getFirst();
        assertThat(batch.status()).isEqualTo(Batch.Status.FINAL);
        assertThat(batch.chainBatchId()).isEqualTo(lastOnChain + 1).isEqualTo(chain.lastBatchId());
        ChainClient.Batch onChain = chain.batch(batch.chainBatchId());
        assertThat(onChain.exists()).isTrue();
        assertThat(onChain.vetoed()).isFalse();
        assertThat(onChain.root()).isEqualToIgnoringCase(batch.root());
        assertThat(onChain.cumulativeTotal().longValueExact()).isEqualTo(batch.cumulativeTotal());
        assertThat(batches.entitlements(batch.id())).anySatisfy(e -> {
            assertThat(e.wallet()).isEqualToIgnoringCase(wallet);
            assertThat(e.delta()).isPositive();
        });
        assertThat(batches.entitlements(batch.id())).noneMatch(e -> e.accountId() == walletless.id());
    }

    @Test
    void anOperatorRemovesAReportedPostAndTheLogShowsIt() {
        run("operatorRemovesAReportedPost", Settlements.operator().handle());
    }

    @Test
    void anOperatorSuspendsACreatorWhoseOpenCreditsGoAndTheLogShowsIt() {
        Api.User creator = Api.newUser("suspended");
        Settlements.earnCredit(creator);
        assertThat(Settlements.earnings(creator).getLong("open.credits")).isPositive();

        run("operatorSuspendsAnAccount", Settlements.operator().handle(), creator.handle());

        // The money side of a suspension: the credits the creator held in the open period are taken back.
        await().atMost(Settlements.PATIENCE).until(() -> Settlements.earnings(creator).getLong("open.credits") == 0);
    }

    @Test
    void anOperatorExcludesATagFromTrendsAndLetsItTrendAgain() {
        run("operatorExcludesATag", Settlements.operator().handle());
    }

    @Test
    void aVetoedBatchPageSaysWhyAndWhichBatchCarriesItsAmounts() throws Exception {
        settleOnce(); // the batch before is FINAL, so the next one may open a window (decision 0622)
        Api.User operator = Settlements.operator();
        Api.User creator = Api.newUser("vetoed");
        Settlements.earn(creator, operator, 400_000);
        String wallet = Settlements.linkWallet(creator);
        Batch[] vetoed = new Batch[1];
        Settlements.withChallengeWindow(rpcUrl, chain.payoutsAddress(), 3600, () -> {
            vetoed[0] = Settlements.submitThroughApi(operator, chain, batches, Batch.Status.CONFIRMED);
            assertThat(Settlements.veto(rpcUrl, chain.payoutsAddress(), 1, vetoed[0].chainBatchId())).as("the auditor's veto").isZero();
            await().atMost(Settlements.PATIENCE).until(() -> batches.require(vetoed[0].id()).status() == Batch.Status.VETOED);
        });
        long vetoedDelta = batches.entitlements(vetoed[0].id()).stream().filter(e -> e.accountId() == creator.id())
                .findFirst().orElseThrow().delta();
        Settlements.fundNextBatch(operator, chain);

        run("operatorSeesWhyABatchWasVetoed", operator.handle(), Long.toString(vetoed[0].id()), creator.handle(), Long.toString(creator.id()));

        // The journey created and submitted the next batch from the console: it pays the vetoed amount, on chain.
        Batch next = batches.list(1).getFirst();
        assertThat(next.id()).isGreaterThan(vetoed[0].id());
        assertThat(next.status()).isEqualTo(Batch.Status.FINAL);
        assertThat(batches.entitlements(next.id())).anySatisfy(e -> {
            assertThat(e.wallet()).isEqualToIgnoringCase(wallet);
            assertThat(e.delta()).isEqualTo(vetoedDelta);
        });
        assertThat(chain.batch(vetoed[0].chainBatchId()).vetoed()).as("vetoed on chain").isTrue();
        assertThat(chain.batch(next.chainBatchId()).root()).isEqualToIgnoringCase(next.root());
    }

    @Test
    void aReaderIsRefusedTheConsole() {
        run("readerIsRefusedTheConsole");
    }

    @Test
    void axeFindsNoSeriousViolationOnAnyConsolePage() {
        settleOnce();
        run("accessibleConsole", Settlements.operator().handle(), Long.toString(settled.id()));
    }

    private synchronized void settleOnce() {
        if (settled != null) {
            return;
        }
        Api.User operator = Settlements.operator();
        Api.User creator = Api.newUser("earner");
        Settlements.earn(creator, operator, 1_000_000);
        Settlements.linkWallet(creator);
        settled = Settlements.settleThroughApi(operator, chain, batches);
    }

    private void run(String journey, String... extra) {
        List<String> args = new ArrayList<>(List.of("console-journeys.mjs", journey, app.toString().replaceFirst("/$", ""),
                Journeys.OUT.toAbsolutePath().toString()));
        args.addAll(List.of(extra));
        Journeys.run(args, "journey " + journey + ": passed");
    }
}
