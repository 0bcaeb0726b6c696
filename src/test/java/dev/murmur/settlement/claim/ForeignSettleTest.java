package dev.murmur.settlement.claim;

import dev.murmur.chain.ChainClient;
import dev.murmur.chain.ChainException;
import dev.murmur.chain.Web3jChainClient;
import dev.murmur.settlement.alert.ChainAlertReadiness;
import dev.murmur.settlement.alert.ChainAlerts;
import dev.murmur.settlement.batch.Batch;
import dev.murmur.settlement.batch.BatchService;
import dev.murmur.settlement.batch.Settlements;
import dev.murmur.testing.Api;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.awaitility.Awaitility.await;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Foreign settles (decision 0613): someone with the operator key settles behind Murmur's back. The chain
 * listener compares every BatchSettled with Murmur's own batches and raises an alert at once: an error log,
 * a metric, readiness DOWN, and the alert on the auditor endpoints until an auditor resolves it.
 */
@QuarkusTest
class ForeignSettleTest {

    /** anvil key 2 operates this test's contract; key 3 audits it. */
    // Not a key that tests with an anvil of their own deploy from (SettlementFaultTest: 4 and 6, the reorg and
    // stuck tests: 1, 3 and 5): the same key at the same nonce makes the same contract address, and Murmur's
    // batches of that other chain would then look like this contract's.
    private static final int OPERATOR = 2;

    @Inject
    ChainListener listener;
    @Inject
    BatchService batches;
    @Inject
    ChainAlerts alerts;
    @Inject
    MeterRegistry metrics;
    @Inject
    jakarta.persistence.EntityManager em;
    @ConfigProperty(name = "murmur.chain.rpc-url")
    String rpcUrl;

    private void catchUp(ChainClient on) {
        long head = on.blockNumber().longValueExact();
        for (int i = 0; i < 1000; i++) {
            if (listener.poll(on, 0).toBlock() >= head) {
                return;
            }
        }
        throw new AssertionError("the listener did not catch up with block " + head);
    }

    private double raised(ChainAlerts.Kind kind) {
        io.micrometer.core.instrument.Counter counter = metrics.find("murmur.chain.alerts.raised").tag("kind", kind.name()).counter();
        return counter == null ? 0 : counter.count();
    }

    private List<ChainAlerts.Alert> openOn(String contract) {
        return alerts.list(true, 500).stream().filter(a -> a.contract().equalsIgnoreCase(contract)).toList();
    }

    /** Sends {@code settle} signed with the operator key, outside Murmur's batch records. */
    private static String settleFromOutside(ChainClient operatorKey, long batchId, String root, BigInteger total) {
        ChainClient.SignedTransaction tx = operatorKey.signSettle(batchId, root, total, BigInteger.ZERO, "0x" + "ab".repeat(32),
                operatorKey.pendingNonce(), Optional.empty());
        operatorKey.sendRaw(tx.raw());
        // anvil answers eth_sendRawTransaction before the block with it is mined: without waiting, the
        // listener could catch up to the block before it and find no settle (the flake of a full run).
        await().atMost(Duration.ofSeconds(30)).until(() -> operatorKey.receipt(tx.hash()).isPresent());
        assertThat(operatorKey.receipt(tx.hash()).orElseThrow().success()).as("the outsider's settle %s", tx.hash()).isTrue();
        return tx.hash();
    }

    @Test
    void shouldRaiseAnAlertForASettleMurmurDidNotMakeAndForARootOtherThanItsManifest() {
        Api.User auditor = Api.newUserWithRole("auditor", "AUDITOR");
        Api.User operator = Settlements.operator();
        Api.User ada = Api.newUser("ada");
        Settlements.earn(ada, operator, 200_000);
        Settlements.linkWallet(ada);
        try (Web3jChainClient chain = Settlements.freshContract(rpcUrl, OPERATOR)) {
            assertThat(chain.fundRewards(BigInteger.valueOf(batches.on(chain).preview().cumulativeTotal() + 10)).success()).isTrue();
            String contract = chain.payoutsAddress();
            double unknownBefore = raised(ChainAlerts.Kind.UNKNOWN_BATCH);
            double mismatchBefore = raised(ChainAlerts.Kind.ROOT_MISMATCH);
            // This app's own settler would otherwise send Murmur's stored batch-1 transaction again in the
            // background, racing the outsider's settle; with the lease held elsewhere it stands by.
            leaseHeldElsewhere(true);
            try {
                // An iteration of that settler which began before the lease moved could still re-send it (the
                // flake this test once had: Murmur's root mined first, the outsider's settle reverted, no alert).
                // Once its gauge says it stands by, its next iteration has run and found the lease taken.
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    io.micrometer.core.instrument.Gauge held = metrics.find("murmur.settler.lease.held").gauge();
                    return held == null || held.value() == 0; // no gauge: this process never ran a settler
                });
                catchUp(chain);
                assertThat(openOn(contract)).isEmpty();

                // 1. Murmur signs and stores its batch 1, but an outsider with the operator key settles another root first.
                Batch mine = batches.on(chain).create(null);
                assertThat(mine.chainBatchId()).isEqualTo(1);
                batches.on(notBroadcasting(chain)).submit(mine.id());
                BigInteger total = BigInteger.valueOf(mine.cumulativeTotal());
                String other = settleFromOutside(chain, 1, "0x" + "22".repeat(32), total);
                catchUp(chain);
                assertThat(openOn(contract)).singleElement().satisfies(a -> {
                    assertThat(a.kind()).isEqualTo(ChainAlerts.Kind.ROOT_MISMATCH);
                    assertThat(a.chainBatchId()).isEqualTo(1);
                    assertThat(a.transactionHash()).isEqualTo(other);
                });
                assertThat(raised(ChainAlerts.Kind.ROOT_MISMATCH)).isEqualTo(mismatchBefore + 1);
                given().get("/q/health/ready").then().statusCode(503)
                        .body("checks.find { it.name == '" + ChainAlertReadiness.NAME + "' }.status", equalTo("DOWN"));
                auditor.as().get("/api/auditor/chain-alerts?open=true").then().statusCode(200)
                        .body("find { it.transactionHash == '" + other + "' }.kind", equalTo("ROOT_MISMATCH"));
                // Murmur's own batch fails (its amounts roll into the next batch), and the alert stays.
                assertThat(Settlements.advanceUntil(batches, mine.id(), chain, Batch.Status.FAILED).failure())
                        .contains("settled by another transaction");

                // 2. A batch Murmur never made at all.
                String foreign = settleFromOutside(chain, 2, "0x" + "11".repeat(32), total);
                catchUp(chain);
                assertThat(openOn(contract)).filteredOn(a -> a.transactionHash().equals(foreign)).singleElement()
                        .satisfies(a -> assertThat(a.kind()).isEqualTo(ChainAlerts.Kind.UNKNOWN_BATCH));
                assertThat(raised(ChainAlerts.Kind.UNKNOWN_BATCH)).isEqualTo(unknownBefore + 1);
                // Read again (a restart, a second poll): the same log raises nothing new.
                listener.poll(chain, 0);
                assertThat(openOn(contract)).hasSize(2);
                assertThat(raised(ChainAlerts.Kind.UNKNOWN_BATCH)).isEqualTo(unknownBefore + 1);
            } finally {
                leaseHeldElsewhere(false);
                // An auditor looked into it: resolved, readiness comes back UP for the tests that follow.
                for (ChainAlerts.Alert a : openOn(contract)) {
                    auditor.as().body(Map.of("resolution", "test: the foreign settles were ours")).post("/api/auditor/chain-alerts/" + a.id()
                            + "/resolve").then().statusCode(200).body("resolvedBy", equalTo((int) auditor.id()));
                }
            }
            assertThat(openOn(contract)).isEmpty();
            given().get("/q/health/ready").then().statusCode(200);
        }
        // Only auditors see and resolve alerts.
        operator.as().get("/api/auditor/chain-alerts").then().statusCode(403).contentType("application/problem+json");
    }

    /** The real chain, except that broadcasts are lost (the signed transaction is stored, never sent). */
    private static ChainClient notBroadcasting(ChainClient real) {
        return (ChainClient) Proxy.newProxyInstance(ChainClient.class.getClassLoader(), new Class<?>[] {ChainClient.class}, (p, m, args) -> {
            if (m.getName().equals("sendRaw")) {
                throw new ChainException("injected: the broadcast was lost");
            }
            try {
                return m.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    private void leaseHeldElsewhere(boolean held) {
        io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> {
            if (held) {
                em.createNativeQuery("""
                        insert into settler_lease (name, holder, acquired_at, renewed_at, expires_at)
                        values ('settler', 'another-settler', now(), now(), now() + interval '1 hour')
                        on conflict (name) do update set holder = excluded.holder, acquired_at = excluded.acquired_at,
                            renewed_at = excluded.renewed_at, expires_at = excluded.expires_at""").executeUpdate();
            } else {
                em.createNativeQuery("delete from settler_lease where holder = 'another-settler'").executeUpdate();
            }
        });
    }
}
