package dev.murmur.settlement.batch;

import dev.murmur.chain.Web3jChainClient;
import dev.murmur.testing.AnvilProcess;
import dev.murmur.testing.Api;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A settle transaction the node holds but does not mine (anvil with automine off) is replaced at the
 * same nonce with higher fees once murmur.settlement.replace-after has passed (1 s in tests); when a
 * block is mined, exactly one of the two lands, and the batch settles once.
 */
@QuarkusTest
class StuckSettleTest {

    /**
     * anvil key 1 deploys and operates this test's own anvil's contract (key 2 audits). Murmur keys
     * batches by chain id and contract, every anvil is chain 31337, and a deployer's first contract
     * has the same address on every fresh anvil: no other test deploys with key 1.
     */
    private static final int OPERATOR = 1;

    @Inject
    BatchService batches;
    @Inject
    EntityManager em;

    private List<String> storedTransactions(long batchId) {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select tx_hash from settlement_tx where batch_id = :b order by signed_at").setParameter("b", batchId)
                .getResultList().stream().map(String::valueOf).toList());
    }

    @Test
    void shouldReplaceAStuckSettleAtTheSameNonceAndSettleOnce() throws Exception {
        Api.User operator = Settlements.operator();
        Api.User creator = Api.newUser("creator");
        Settlements.earn(creator, operator, 300_001);
        Settlements.linkWallet(creator);

        try (AnvilProcess anvil = AnvilProcess.start(); Web3jChainClient chain = Settlements.freshContract(anvil.url(), OPERATOR)) {
            BigInteger missing = BigInteger.valueOf(batches.on(chain).preview().cumulativeTotal()).subtract(chain.rewardFunded());
            if (missing.signum() > 0) {
                assertThat(chain.fundRewards(missing).success()).isTrue();
            }
            long nonceBefore = chain.pendingNonce();
            anvil.rpc("evm_setAutomine", false);

            Batch batch = batches.on(chain).create(null);
            batches.on(chain).submit(batch.id());
            assertThat(batches.on(chain).advance(batch.id()).status()).isEqualTo(Batch.Status.SUBMITTED);
            assertThat(storedTransactions(batch.id())).hasSize(1);

            Thread.sleep(1_500); // past replace-after: the held transaction is now "stuck"
            batches.on(chain).advance(batch.id());
            List<String> stored = storedTransactions(batch.id());
            assertThat(stored).hasSize(2).doesNotHaveDuplicates();
            assertThat(batches.require(batch.id()).txHash()).isEqualTo(stored.getLast());

            anvil.rpc("evm_mine");
            Batch fin = Settlements.advanceUntil(batches, batch.id(), chain, Batch.Status.FINAL);
            assertThat(fin.txHash()).isEqualTo(stored.getLast());
            assertThat(chain.receipt(stored.getFirst())).isEmpty();
            assertThat(chain.pendingNonce()).isEqualTo(nonceBefore + 1);
            assertThat(Settlements.settledEvents(chain).stream()
                    .filter(e -> e.batchId() == fin.chainBatchId()).count()).isEqualTo(1);
            assertThat(chain.batch(fin.chainBatchId()).root()).isEqualTo(fin.root());
        }
    }
}
