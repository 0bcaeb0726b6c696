package dev.murmur.web;

import dev.murmur.chain.ChainClient;
import dev.murmur.settlement.batch.Batch;
import dev.murmur.settlement.batch.BatchService;
import dev.murmur.settlement.batch.Settlements;
import dev.murmur.testing.Api;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

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
