package dev.murmur.settlement.claim;

import dev.murmur.settlement.batch.plan.Entitlement;
import dev.murmur.settlement.batch.plan.Entitlements;
import dev.murmur.chain.Web3jChainClient;
import dev.murmur.ledger.LedgerAccount;
import dev.murmur.ledger.LedgerQueries;
import dev.murmur.ledger.LedgerAccounts;
import dev.murmur.settlement.batch.Batch;
import dev.murmur.settlement.batch.BatchService;
import dev.murmur.settlement.batch.Settlements;
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
 * The chain listener against an anvil of its own: a claim is booked once; when anvil reverts to a
 * snapshot taken before it (a reorg that drops the claim's block), the claim is reversed in the ledger;
 * when the same claim is mined again in the new chain, it is booked again, once; the cursor resumes.
 */
@QuarkusTest
class ChainListenerReorgTest {

    /** anvil key 5 deploys and operates this anvil's contract (key 6 audits); no other test deploys with it on its own anvil. */
    private static final int OPERATOR = 5;

    @Inject
    ChainListener listener;
    @Inject
    BatchService batches;
    @Inject
    LedgerQueries ledger;
    @Inject
    EntityManager em;

    private long balance(LedgerAccount account) {
        return QuarkusTransaction.requiringNew().call(() -> ledger.balance(account, LedgerAccounts.TOKEN));
    }

    private long activeClaims(String contract) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery("""
                select count(*) from chain_log where contract = :k and event = 'Claimed' and removed_at is null""")
                .setParameter("k", contract).getSingleResult()).longValue());
    }

    /** Polls until the cursor is at the head (each poll covers at most the configured range). */
    private ChainListener.Poll catchUp(Web3jChainClient chain) {
        ChainListener.Poll last = null;
        int reversed = 0;
        int applied = 0;
        for (int i = 0; i < 100; i++) {
            last = listener.poll(chain, 0);
            reversed += last.reversed();
            applied += last.applied();
            if (listener.cursorBlock(chain).orElse(-1L) >= chain.blockNumber().longValueExact()) {
                break;
            }
        }
        return new ChainListener.Poll(0, last.toBlock(), applied, reversed, last.note());
    }

    @Test
    void shouldReverseAClaimWhoseBlockLeftTheChainAndBookItAgainOnceWhenMinedAgain() throws Exception {
        Api.User operator = Settlements.operator();
        Api.User ada = Api.newUser("ada");
        long paid = Settlements.earn(ada, operator, 400_001);
        String wallet = Settlements.linkWallet(ada);
        try (AnvilProcess anvil = AnvilProcess.start(); Web3jChainClient chain = Settlements.freshContract(anvil.url(), OPERATOR)) {
            String contract = chain.payoutsAddress();
            BigInteger missing = BigInteger.valueOf(batches.on(chain).preview().cumulativeTotal()).subtract(chain.rewardFunded());
            if (missing.signum() > 0) assertThat(chain.fundRewards(missing).success()).isTrue();
            Batch batch = batches.on(chain).create(null);
            batches.on(chain).submit(batch.id());
            Settlements.advanceUntil(batches, batch.id(), chain, Batch.Status.FINAL);
            catchUp(chain);
            long settled = balance(LedgerAccounts.creatorSettled(ada.id()));
            long claimedBefore = balance(LedgerAccounts.creatorClaimed(ada.id()));

            List<Entitlement> entitlements = batches.entitlements(batch.id());
            Entitlement mine = entitlements.stream().filter(e -> e.wallet().equals(wallet)).findFirst().orElseThrow();
            List<String> proof = Entitlements.tree(entitlements).proofHex(entitlements.indexOf(mine));

            String snapshot = anvil.rpc("evm_snapshot");
            assertThat(chain.claim(wallet, BigInteger.valueOf(mine.cumulative()), proof).success()).isTrue();
            ChainListener.Poll booked = catchUp(chain);
            assertThat(booked.applied()).isEqualTo(1);
            assertThat(balance(LedgerAccounts.creatorClaimed(ada.id())) - claimedBefore).isEqualTo(paid);
            assertThat(balance(LedgerAccounts.creatorSettled(ada.id()))).isEqualTo(settled - paid);
            assertThat(catchUp(chain).applied()).isZero(); // nothing twice

            // Reorg: the claim's block leaves the chain, and the new chain grows past the cursor.
            anvil.rpc("evm_revert", snapshot);
            anvil.rpc("anvil_mine", "0x3");
            assertThat(chain.claimed(wallet)).isZero();
            ChainListener.Poll reorged = catchUp(chain);
            assertThat(reorged.reversed()).isEqualTo(1);
            assertThat(balance(LedgerAccounts.creatorClaimed(ada.id()))).isEqualTo(claimedBefore);
            assertThat(balance(LedgerAccounts.creatorSettled(ada.id()))).isEqualTo(settled);
            assertThat(activeClaims(contract)).isZero();

            // The claim is mined again in the new chain: booked again, once.
            assertThat(chain.claim(wallet, BigInteger.valueOf(mine.cumulative()), proof).success()).isTrue();
            assertThat(catchUp(chain).applied()).isEqualTo(1);
            assertThat(catchUp(chain).applied()).isZero();
            assertThat(balance(LedgerAccounts.creatorClaimed(ada.id())) - claimedBefore).isEqualTo(paid);
            assertThat(balance(LedgerAccounts.creatorSettled(ada.id()))).isEqualTo(settled - paid);
            assertThat(activeClaims(contract)).isEqualTo(1);
            // Every journal entry still balances.
            assertThat(QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                    select entry_id from journal_posting group by entry_id, unit having sum(amount) <> 0""").getResultList())).isEmpty();
        }
    }
}
