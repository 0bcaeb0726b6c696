package dev.murmur.settlement.batch;

import dev.murmur.settlement.batch.plan.Entitlement;
import dev.murmur.settlement.batch.plan.Entitlements;
import dev.murmur.settlement.batch.plan.Preview;
import dev.murmur.chain.ChainClient;
import dev.murmur.chain.ContractEvent;
import dev.murmur.ledger.LedgerQueries;
import dev.murmur.ledger.LedgerAccounts;
import dev.murmur.settlement.merkle.StandardMerkleTree;
import dev.murmur.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static dev.murmur.settlement.batch.Settlements.PATIENCE;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The whole journey on the application's own contract and the background driver: likes -> period
 * close -> preview -> fund -> batch -> submit -> FINAL on anvil; the root on chain equals the
 * manifest's, the manifest hashes to the hash in the BatchSettled event, earnings show the amount
 * as settled, and the creator can claim it.
 */
@QuarkusTest
class SettlementJourneyTest {

    @Inject
    ChainClient chain;
    @Inject
    BatchService batches;
    @Inject
    LedgerQueries ledger;

    @Test
    void shouldSettleEarningsOnChainFromPreviewToFinal() {
        Api.User operator = Settlements.operator();
        Api.User ada = Api.newUser("ada");
        Api.User bob = Api.newUser("bob");
        long adaPaid = Settlements.earn(ada, operator, 1_000_000);
        Settlements.earn(bob, operator, 500_000);
        String adaWallet = Settlements.linkWallet(ada);

        // Preview: ada is in with her wallet; bob has no wallet and is left out, and says so.
        JsonPath preview = operator.as().get("/api/operator/settlement/preview").then().statusCode(200).extract().jsonPath();
        assertThat(preview.getLong("entitlements.find { it.accountId == " + ada.id() + " }.delta")).isEqualTo(adaPaid);
        assertThat(preview.getString("leftOut.find { it.accountId == " + bob.id() + " }.reason")).isEqualTo("no-wallet");
        long total = preview.getLong("cumulativeTotal");

        // Fund exactly what the batch needs on top of what the contract holds.
        long missing = total - preview.getLong("cumulativeEscrow") - chain.rewardFunded().longValueExact();
        if (missing > 0) {
            operator.as().body(Map.of("amount", missing)).post("/api/operator/settlement/fund")
                    .then().statusCode(200).body("success", equalTo(true));
        }

        JsonPath created = operator.as().post("/api/operator/settlement/batches").then().statusCode(201).extract().jsonPath();
        long id = created.getLong("id");
        assertThat(created.getString("status")).isEqualTo("DRAFT");
        assertThat(created.getString("root")).isEqualTo(preview.getString("root"));
        // Only one batch at a time.
        operator.as().post("/api/operator/settlement/batches").then().statusCode(409)
                .contentType("application/problem+json").body("type", equalTo("https://murmur.dev/problems/batch-in-progress"));
        // A draft is not published.
        long chainBatchId = created.getLong("chainBatchId");
        given().get("/api/batches/" + chainBatchId + "/manifest").then().statusCode(404).contentType("application/problem+json");

        long onChainBefore = chain.settledCumulativeTotal().longValueExact();
        long ledgerBefore = ledger.total(LedgerAccounts.SETTLED) + ledger.total(LedgerAccounts.CLAIMED);
        // The API records the request; the settler (this process, role all) signs and sends it.
        operator.as().post("/api/operator/settlement/batches/" + id + "/submit").then().statusCode(202)
                .body("submitRequestedAt", org.hamcrest.Matchers.notNullValue());
        await().atMost(PATIENCE).until(() -> batches.require(id).status() == Batch.Status.FINAL);

        JsonPath batch = operator.as().get("/api/operator/settlement/batches/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(batch.getString("batch.status")).isEqualTo("FINAL");
        assertThat(batch.getLong("batch.gasUsed")).isPositive();

        // The chain holds the manifest's root and total; the event carries the manifest's hash.
        ChainClient.Batch onChain = chain.batch(chainBatchId);
        String manifest = given().get("/api/batches/" + chainBatchId + "/manifest").then().statusCode(200).extract().asString();
        JsonPath m = JsonPath.from(manifest);
        assertThat(onChain.root()).isEqualTo(m.getString("root")).isEqualTo(batch.getString("batch.root"));
        assertThat(onChain.cumulativeTotal()).isEqualTo(new BigInteger(m.getString("cumulativeTotal")));
        assertThat(m.getString("tree.format")).isEqualTo("standard-v1");
        List<ContractEvent.BatchSettled> events = Settlements.settledEvents(chain).stream()
                .filter(e -> e.batchId() == chainBatchId).toList();
        assertThat(events).hasSize(1);
        assertThat(events.getFirst().manifestHash())
                .isEqualTo(Numeric.toHexString(Hash.sha3(manifest.getBytes(StandardCharsets.UTF_8))));

        // Earnings: ada's money is settled; bob's keeps accruing as unsettled.
        JsonPath adaEarnings = Settlements.earnings(ada);
        assertThat(adaEarnings.getLong("settlement.settled")).isEqualTo(adaPaid);
        assertThat(adaEarnings.getLong("settlement.pending")).isZero();
        assertThat(adaEarnings.getString("settlement.wallet")).isEqualTo(adaWallet);
        assertThat(Settlements.earnings(bob).getLong("settlement.unsettled")).isPositive();

        // Ada is told what the batch settled for her, once (EarningsSettledEvent -> notifications).
        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonPath notes = ada.as().get("/api/notifications").then().statusCode(200).extract().jsonPath();
            assertThat(notes.getList("items.findAll { it.kind == 'EARNINGS_SETTLED' }")).hasSize(1);
            assertThat(notes.getLong("items.find { it.kind == 'EARNINGS_SETTLED' }.batchId")).isEqualTo(id);
            assertThat(notes.getLong("items.find { it.kind == 'EARNINGS_SETTLED' }.amount")).isEqualTo(adaPaid);
        });

        // The ledger's settled (and claimed) total moved exactly as the contract's cumulative total. (Other tests settle
        // to contracts of their own; entitlements are per contract, decision 0401, so totals are compared per batch.)
        long delta = batch.getLong("batch.deltaTotal");
        assertThat(chain.settledCumulativeTotal().longValueExact() - onChainBefore).isEqualTo(delta);
        assertThat(ledger.total(LedgerAccounts.SETTLED) + ledger.total(LedgerAccounts.CLAIMED) - ledgerBefore)
                .isEqualTo(delta);

        // Ada claims with a proof from the published tree, and gets exactly her amount.
        List<Entitlement> entitlements = batches.entitlements(id);
        StandardMerkleTree tree = Entitlements.tree(entitlements);
        int index = entitlements.stream().map(Entitlement::accountId).toList().indexOf(ada.id());
        ChainClient.Receipt claim = chain.claim(adaWallet, BigInteger.valueOf(adaPaid), tree.proofHex(index));
        assertThat(claim.success()).isTrue();
        assertThat(chain.tokenBalance(adaWallet)).isEqualTo(BigInteger.valueOf(adaPaid));

        // Submitting again changes nothing.
        operator.as().post("/api/operator/settlement/batches/" + id + "/submit").then().statusCode(202).body("status", equalTo("FINAL"));
        assertThat(chain.lastBatchId()).isEqualTo(chainBatchId);
    }

    @Test
    void shouldRefuseBadSettlementInputWithProblems() {
        Api.User operator = Settlements.operator();
        Api.User someone = Api.newUser("someone");
        operator.as().body(Map.of("amount", -1)).post("/api/operator/settlement/fund")
                .then().statusCode(400).contentType("application/problem+json");
        operator.as().get("/api/operator/settlement/batches/999999").then().statusCode(404).contentType("application/problem+json");
        operator.as().post("/api/operator/settlement/batches/999999/submit").then().statusCode(404).contentType("application/problem+json");
        someone.as().get("/api/operator/settlement/preview").then().statusCode(403).contentType("application/problem+json");
        given().get("/api/operator/settlement/batches").then().statusCode(401).contentType("application/problem+json");
        given().get("/api/batches/abc/manifest").then().statusCode(404);
    }

    @Test
    void shouldNeverLetAnOperatorLinkOrChangeACreatorsWallet() {
        Api.User operator = Settlements.operator();
        Api.User ada = Api.newUser("ada");
        // No wallet yet: the override that linked any address to any account is gone.
        operator.as().body(Map.of("address", Settlements.randomAddress())).put("/api/operator/accounts/" + ada.id() + "/wallet")
                .then().statusCode(405).contentType("application/problem+json");
        operator.as().get("/api/operator/accounts/" + ada.id() + "/wallet").then().statusCode(404);
        // Nor can it replace the wallet the creator proved.
        String proven = Settlements.linkWallet(ada);
        operator.as().body(Map.of("address", Settlements.randomAddress())).put("/api/operator/accounts/" + ada.id() + "/wallet")
                .then().statusCode(405).contentType("application/problem+json");
        operator.as().get("/api/operator/accounts/" + ada.id() + "/wallet").then().statusCode(200).body("address", equalTo(proven));
    }

    @Inject
    jakarta.persistence.EntityManager em;

    /** Plays a second settler that holds the lease: until it gives the lease up, this process settles nothing. */
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

    @Test
    void shouldLetOnlyTheSettlerHoldingTheLeaseSignAndTakeOverWhenItStops() throws InterruptedException {
        Api.User operator = Settlements.operator();
        Api.User ada = Api.newUser("ada");
        Settlements.earn(ada, operator, 300_000);
        Settlements.linkWallet(ada);
        var preview = operator.as().get("/api/operator/settlement/preview").then().statusCode(200).extract().jsonPath();
        long missing = preview.getLong("cumulativeTotal") - preview.getLong("cumulativeEscrow") - chain.rewardFunded().longValueExact();
        if (missing > 0) {
            operator.as().body(Map.of("amount", missing)).post("/api/operator/settlement/fund").then().statusCode(200);
        }
        long id = operator.as().post("/api/operator/settlement/batches").then().statusCode(201).extract().jsonPath().getLong("id");
        long lastBefore = chain.lastBatchId();
        leaseHeldElsewhere(true);
        try {
            // This process is now the second settler: the request is recorded, and nothing is signed or sent.
            operator.as().post("/api/operator/settlement/batches/" + id + "/submit").then().statusCode(202)
                    .body("status", equalTo("DRAFT"));
            Thread.sleep(2_000); // ten driver ticks
            assertThat(batches.require(id).status()).isEqualTo(Batch.Status.DRAFT);
            assertThat(batches.require(id).txHash()).isNull();
            assertThat(chain.lastBatchId()).isEqualTo(lastBefore);
        } finally {
            leaseHeldElsewhere(false);
        }
        // The other settler stopped (released its lease): this one takes over and settles the batch, once.
        await().atMost(PATIENCE).until(() -> batches.require(id).status() == Batch.Status.FINAL);
        assertThat(chain.lastBatchId()).isEqualTo(lastBefore + 1);
    }
}
