package dev.murmur.settlement.batch;

import dev.murmur.chain.ChainClient;
import dev.murmur.chain.ContractEvent;
import dev.murmur.chain.ChainException;
import dev.murmur.chain.Web3jChainClient;
import dev.murmur.ledger.LedgerQueries;
import dev.murmur.ledger.LedgerAccounts;
import dev.murmur.testing.AnvilProcess;
import dev.murmur.testing.Api;
import dev.murmur.web.FormSession;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import io.quarkus.narayana.jta.QuarkusTransaction;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

/**
 * Settlement under faults, against real anvil nodes and the real database. Each test settles to a
 * payout contract of its own (the background driver only drives the application's contract), and
 * ends every batch it opens.
 */
@QuarkusTest
class SettlementFaultTest {

    /** anvil key 2 operates the contracts these tests deploy on the shared anvil (key 3 audits). */
    private static final int OPERATOR = 2;
    /**
     * The anvils the kill tests start have contracts of their own, and batches remember (chain id, contract):
     * distinct deployers keep their addresses apart from each other and from the shared anvil's.
     */
    private static final int LOST_TX_OPERATOR = 4;
    private static final int KEPT_TX_OPERATOR = 6;

    @Inject
    BatchService batches;
    @Inject
    LedgerQueries ledger;
    @Inject
    EntityManager em;
    @ConfigProperty(name = "murmur.chain.rpc-url")
    String rpcUrl;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        batches.openBatch().filter(b -> b.status() == Batch.Status.DRAFT).ifPresent(b -> batches.discard(b.id()));
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
        toClose.clear();
        // Every entry balances, and no batch is left half-way in the ledger.
        assertThat(QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                select entry_id from journal_posting group by entry_id, unit having sum(amount) <> 0""").getResultList())).isEmpty();
        assertThat(QuarkusTransaction.requiringNew().call(() -> ledger.total(LedgerAccounts.PENDING)))
                .isEqualTo(batches.openBatch().map(b -> b.status() == Batch.Status.DRAFT ? 0L : b.deltaTotal()).orElse(0L));
    }

    private <T extends AutoCloseable> T closeLater(T c) {
        toClose.add(c);
        return c;
    }

    /** A creator who earned and has a wallet. */
    private record Creator(Api.User user, String wallet, long paid) {
    }

    private Creator creatorWithEarnings() {
        Api.User operator = Settlements.operator();
        Api.User creator = Api.newUser("creator");
        long paid = Settlements.earn(creator, operator, 700_001);
        String wallet = Settlements.linkWallet(creator);
        return new Creator(creator, wallet, paid);
    }

    private static void fund(ChainClient chain, long total) {
        BigInteger missing = BigInteger.valueOf(total).subtract(chain.rewardFunded());
        if (missing.signum() > 0) {
            assertThat(chain.fundRewards(missing).success()).isTrue();
        }
    }

    private long transactionsOf(long batchId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from settlement_tx where batch_id = :b").setParameter("b", batchId).getSingleResult()).longValue());
    }

    private long settledOf(Creator c) {
        return QuarkusTransaction.requiringNew().call(() -> ledger.balance(LedgerAccounts.creatorSettled(c.user().id()), LedgerAccounts.TOKEN));
    }

    private long unsettledOf(Creator c) {
        return QuarkusTransaction.requiringNew().call(() -> ledger.balance(LedgerAccounts.creatorUnsettled(c.user().id()), LedgerAccounts.TOKEN));
    }

    private static long settleEvents(ChainClient chain, long chainBatchId) {
        return Settlements.settledEvents(chain).stream().filter(e -> e.batchId() == chainBatchId).count();
    }

    @Test
    void shouldFailARevertingSettleAndRollItsAmountsIntoTheNextBatch() {
        Creator ada = creatorWithEarnings();
        Web3jChainClient chain = closeLater(Settlements.freshContract(rpcUrl, OPERATOR)); // never funded: settle reverts

        Batch first = batches.on(chain).create(null);
        assertThat(first.chainBatchId()).isEqualTo(1);
        batches.on(chain).submit(first.id());
        assertThat(unsettledOf(ada)).isZero(); // pending while submitted
        Batch failed = Settlements.advanceUntil(batches, first.id(), chain, Batch.Status.FAILED);
        assertThat(failed.failure()).contains("MurmurPayoutsRewardPoolExceeded");
        assertThat(chain.lastBatchId()).isZero();
        assertThat(unsettledOf(ada)).isEqualTo(ada.paid()); // voided back
        assertThat(settledOf(ada)).isZero();

        // The next batch takes the same chain batch id and carries ada's amount again.
        fund(chain, batches.on(chain).preview().cumulativeTotal());
        Batch next = batches.on(chain).create(null);
        assertThat(next.chainBatchId()).isEqualTo(1);
        assertThat(batches.entitlements(next.id())).filteredOn(e -> e.accountId() == ada.user().id())
                .singleElement().satisfies(e -> assertThat(e.delta()).isEqualTo(ada.paid()));

        // The operator console's page of the failed batch says why, and which batch carries its amounts.
        FormSession operator = FormSession.logIn(Settlements.operator());
        operator.get().get("/console/settlement/batches/" + failed.id()).then().statusCode(200)
                .body(containsString("This batch failed."), containsString("MurmurPayoutsRewardPoolExceeded"),
                        containsString(failed.deltaTotal() + " base units were not paid and are not lost"),
                        containsString("href=\"/console/settlement/batches/" + next.id() + "\""));
        batches.on(chain).submit(next.id());
        Batch fin = Settlements.advanceUntil(batches, next.id(), chain, Batch.Status.FINAL);
        assertThat(chain.batch(1).root()).isEqualTo(fin.root());
        assertThat(chain.settledCumulativeTotal()).isEqualTo(BigInteger.valueOf(fin.cumulativeTotal()));
        assertThat(settledOf(ada)).isEqualTo(ada.paid());
        assertThat(unsettledOf(ada)).isZero();
    }

    @Test
    void shouldSendOneTransactionForConcurrentSubmits() throws Exception {
        creatorWithEarnings();
        Web3jChainClient chain = closeLater(Settlements.freshContract(rpcUrl, OPERATOR));
        fund(chain, batches.on(chain).preview().cumulativeTotal());
        Batch batch = batches.on(chain).create(null);
        long nonceBefore = chain.pendingNonce();

        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Batch>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit((Callable<Batch>) () -> {
                    start.await();
                    return batches.on(chain).submit(batch.id());
                }));
            }
            start.countDown();
            for (Future<Batch> r : results) {
                assertThat(r.get().status()).isIn(Batch.Status.SUBMITTED, Batch.Status.CONFIRMED, Batch.Status.FINAL);
            }
        } finally {
            pool.shutdownNow();
        }
        Settlements.advanceUntil(batches, batch.id(), chain, Batch.Status.FINAL);
        assertThat(transactionsOf(batch.id())).isEqualTo(1);
        assertThat(chain.pendingNonce()).isEqualTo(nonceBefore + 1);
        assertThat(chain.lastBatchId()).isEqualTo(1);
        assertThat(settleEvents(chain, 1)).isEqualTo(1);
    }

    @Test
    void shouldResumeAfterARestartBetweenStoringAndBroadcastingAndNeverSettleTwice() {
        Creator ada = creatorWithEarnings();
        Web3jChainClient real = closeLater(Settlements.freshContract(rpcUrl, OPERATOR));
        fund(real, batches.on(real).preview().cumulativeTotal());
        Batch batch = batches.on(real).create(null);
        long nonceBefore = real.pendingNonce();

        // The app "dies" after the SUBMITTED commit and before the broadcast: the transaction is stored, never sent.
        ChainClient dying = new BroadcastCrash(real);
        Batch submitted = batches.on(dying).submit(batch.id());
        assertThat(submitted.status()).isEqualTo(Batch.Status.SUBMITTED);
        assertThat(submitted.lastError()).contains("injected");
        assertThat(real.knowsTransaction(submitted.txHash())).isFalse();
        assertThat(real.lastBatchId()).isZero();

        // A new process (a fresh client; all batch state comes from the database) resumes it.
        Web3jChainClient restarted = closeLater(Settlements.client(rpcUrl, real.payoutsAddress(), OPERATOR));
        assertThat(batches.on(restarted).submit(batch.id()).txHash()).isEqualTo(submitted.txHash()); // a retried submit sends nothing new
        Batch fin = Settlements.advanceUntil(batches, batch.id(), restarted, Batch.Status.FINAL);
        assertThat(fin.txHash()).isEqualTo(submitted.txHash()); // the stored bytes, not a new transaction

        // Another restart: nothing more happens.
        Web3jChainClient again = closeLater(Settlements.client(rpcUrl, real.payoutsAddress(), OPERATOR));
        assertThat(batches.on(again).advance(batch.id()).status()).isEqualTo(Batch.Status.FINAL);
        assertThat(batches.on(again).submit(batch.id()).status()).isEqualTo(Batch.Status.FINAL);
        assertThat(again.pendingNonce()).isEqualTo(nonceBefore + 1);
        assertThat(again.lastBatchId()).isEqualTo(1);
        assertThat(settleEvents(again, 1)).isEqualTo(1);
        assertThat(transactionsOf(batch.id())).isEqualTo(1);
        assertThat(settledOf(ada)).isEqualTo(ada.paid());
    }

    @Test
    void shouldSettleExactlyOnceWhenAnvilIsKilledAfterTheBroadcastAndLosesTheTransaction(@TempDir Path dir) {
        Creator ada = creatorWithEarnings();
        String state = dir.resolve("anvil-state.json").toString();
        AnvilProcess first = closeLater(AnvilProcess.start("--state", state));
        Web3jChainClient chain1 = Settlements.freshContract(first.url(), LOST_TX_OPERATOR);
        String payouts = chain1.payoutsAddress();
        fund(chain1, batches.on(chain1).preview().cumulativeTotal());
        Batch batch = batches.on(chain1).create(null);
        chain1.close();
        first.stop(); // SIGTERM: the state file now holds the contract and its funds

        AnvilProcess second = closeLater(AnvilProcess.start("--state", state));
        Web3jChainClient chain2 = Settlements.client(second.url(), payouts, LOST_TX_OPERATOR);
        Batch submitted = batches.on(chain2).submit(batch.id());
        // anvil answers eth_sendRawTransaction before it mines the block: wait for it, reading the receipt
        // through the test's own client, so the app itself has still not seen one when the node dies.
        minedSuccessfully(chain2, submitted.txHash());
        assertThat(chain2.lastBatchId()).isEqualTo(1); // broadcast and mined...
        second.kill(); // ...then SIGKILL before the receipt was read: the state file never saw the transaction
        assertThat(batches.on(chain2).advance(batch.id()).status()).isEqualTo(Batch.Status.SUBMITTED); // node down: waits
        assertThat(batches.require(batch.id()).lastError()).isNotNull();
        chain2.close();

        AnvilProcess third = closeLater(AnvilProcess.start("--state", state));
        Web3jChainClient chain3 = closeLater(Settlements.client(third.url(), payouts, LOST_TX_OPERATOR));
        assertThat(chain3.lastBatchId()).isZero(); // the settle is gone with the killed node
        Batch fin = Settlements.advanceUntil(batches, batch.id(), chain3, Batch.Status.FINAL); // sends the stored bytes again
        assertThat(fin.txHash()).isEqualTo(submitted.txHash());
        assertThat(chain3.lastBatchId()).isEqualTo(1);
        assertThat(settleEvents(chain3, 1)).isEqualTo(1);
        assertThat(chain3.batch(1).root()).isEqualTo(fin.root());
        assertThat(transactionsOf(batch.id())).isEqualTo(1);
        assertThat(settledOf(ada)).isEqualTo(ada.paid());
    }

    @Test
    void shouldSettleExactlyOnceWhenAnvilIsKilledAfterTheBroadcastAndRestartsWithTheTransaction(@TempDir Path dir) {
        Creator ada = creatorWithEarnings();
        String state = dir.resolve("anvil-state.json").toString();
        AnvilProcess first = closeLater(AnvilProcess.start("--state", state));
        Web3jChainClient chain1 = Settlements.freshContract(first.url(), KEPT_TX_OPERATOR);
        String payouts = chain1.payoutsAddress();
        fund(chain1, batches.on(chain1).preview().cumulativeTotal());
        Batch batch = batches.on(chain1).create(null);
        Batch submitted = batches.on(chain1).submit(batch.id());
        minedSuccessfully(chain1, submitted.txHash()); // as above: the test's own client, not the app, reads the receipt
        chain1.close();
        first.stop(); // SIGTERM between broadcast and receipt: the state file holds the mined settle
        assertThat(batches.on(chain1).advance(batch.id()).status()).isEqualTo(Batch.Status.SUBMITTED);

        AnvilProcess second = closeLater(AnvilProcess.start("--state", state));
        Web3jChainClient chain2 = closeLater(Settlements.client(second.url(), payouts, KEPT_TX_OPERATOR));
        Batch fin = Settlements.advanceUntil(batches, batch.id(), chain2, Batch.Status.FINAL);
        assertThat(fin.txHash()).isEqualTo(submitted.txHash());
        assertThat(chain2.lastBatchId()).isEqualTo(1);
        assertThat(settleEvents(chain2, 1)).isEqualTo(1);
        assertThat(transactionsOf(batch.id())).isEqualTo(1);
        assertThat(settledOf(ada)).isEqualTo(ada.paid());
    }

    @Test
    void shouldRollAVetoedBatchIntoTheNextOne() {
        Creator ada = creatorWithEarnings();
        Web3jChainClient chain = closeLater(Settlements.freshContract(rpcUrl, OPERATOR, java.time.Duration.ofHours(1)));
        fund(chain, batches.on(chain).preview().cumulativeTotal());

        Batch first = batches.on(chain).create(null);
        batches.on(chain).submit(first.id());
        Batch confirmed = Settlements.advanceUntil(batches, first.id(), chain, Batch.Status.CONFIRMED);
        assertThat(confirmed.claimableAt()).isAfter(java.time.Instant.now()); // inside its window: not final
        assertThat(batches.on(chain).advance(first.id()).status()).isEqualTo(Batch.Status.CONFIRMED);
        assertThat(Settlements.veto(rpcUrl, chain.payoutsAddress(), OPERATOR + 1, first.chainBatchId())).isZero(); // the auditor's CLI
        Batch vetoed = Settlements.advanceUntil(batches, first.id(), chain, Batch.Status.VETOED);
        assertThat(vetoed.failure()).contains("vetoed");
        assertThat(unsettledOf(ada)).isEqualTo(ada.paid());
        assertThat(settledOf(ada)).isZero();

        // The vetoed batch used its chain batch id; the next one takes the following id and carries ada's amount.
        Batch next = batches.on(chain).create(null);
        assertThat(next.chainBatchId()).isEqualTo(first.chainBatchId() + 1);
        assertThat(batches.entitlements(next.id())).filteredOn(e -> e.accountId() == ada.user().id())
                .singleElement().satisfies(e -> assertThat(e.delta()).isEqualTo(ada.paid()));
        batches.on(chain).submit(next.id());
        Settlements.advanceUntil(batches, next.id(), chain, Batch.Status.CONFIRMED);
        assertThat(Settlements.veto(rpcUrl, chain.payoutsAddress(), OPERATOR + 1, next.chainBatchId())).isZero(); // end it, so later tests can open batches
        Settlements.advanceUntil(batches, next.id(), chain, Batch.Status.VETOED);
        assertThat(unsettledOf(ada)).isEqualTo(ada.paid());
    }

    private static void minedSuccessfully(ChainClient chain, String txHash) {
        await().atMost(Settlements.PATIENCE).until(() -> chain.receipt(txHash).isPresent());
        assertThat(chain.receipt(txHash).orElseThrow().success()).as("settle %s", txHash).isTrue();
    }

    /** The real chain, except that the process "dies" at the broadcast. */
    private record BroadcastCrash(ChainClient real) implements ChainClient {
        @Override public SendResult sendRaw(String raw) { throw new ChainException("injected: the process died before the broadcast"); }
        @Override public BigInteger chainId() { return real.chainId(); }
        @Override public BigInteger blockNumber() { return real.blockNumber(); }
        @Override public long latestBlockTimestamp() { return real.latestBlockTimestamp(); }
        @Override public String payoutsAddress() { return real.payoutsAddress(); }
        @Override public String tokenAddress() { return real.tokenAddress(); }
        @Override public String operatorAddress() { return real.operatorAddress(); }
        @Override public long pendingNonce() { return real.pendingNonce(); }
        @Override public SignedTransaction signSettle(long b, String r, BigInteger t, BigInteger e, String m, long n,
                                                      Optional<SignedTransaction> x) {
            return real.signSettle(b, r, t, e, m, n, x);
        }
        @Override public boolean knowsTransaction(String hash) { return real.knowsTransaction(hash); }
        @Override public Optional<Receipt> receipt(String hash) { return real.receipt(hash); }
        @Override public Batch batch(long batchId) { return real.batch(batchId); }
        @Override public Batch batchAt(long batchId, long block) { return real.batchAt(batchId, block); }
        @Override public long blockTimestamp(long block) { return real.blockTimestamp(block); }
        @Override public String vetoCalldata(long batchId) { return real.vetoCalldata(batchId); }
        @Override public long lastBatchId() { return real.lastBatchId(); }
        @Override public BigInteger settledCumulativeTotal() { return real.settledCumulativeTotal(); }
        @Override public BigInteger rewardFunded() { return real.rewardFunded(); }
        @Override public BigInteger escrowDeposited() { return real.escrowDeposited(); }
        @Override public BigInteger tokenBalance(String account) { return real.tokenBalance(account); }
        @Override public Receipt deposit(BigInteger amount) { return real.deposit(amount); }
        @Override public Receipt fundRewards(BigInteger amount) { return real.fundRewards(amount); }
        @Override public Receipt transferTokens(String to, BigInteger amount) { return real.transferTokens(to, amount); }
        @Override public Receipt veto(long batchId) { return real.veto(batchId); }
        @Override public Receipt claim(String a, BigInteger c, List<String> p) { return real.claim(a, c, p); }
        @Override public BigInteger claimable(String a, BigInteger c, List<String> p) { return real.claimable(a, c, p); }
        @Override public boolean hasCode(String address) { return real.hasCode(address); }
        @Override public Optional<String> blockHash(long n) { return real.blockHash(n); }
        @Override public List<ContractEvent> contractEvents(long from, long to) { return real.contractEvents(from, to); }
        @Override public long latestClaimableBatchId() { return real.latestClaimableBatchId(); }
        @Override public BigInteger claimed(String a) { return real.claimed(a); }
        @Override public BigInteger totalClaimed() { return real.totalClaimed(); }
        @Override public String claimCalldata(String a, BigInteger c, List<String> p) { return real.claimCalldata(a, c, p); }
        @Override public Receipt sendToPayouts(String calldata) { return real.sendToPayouts(calldata); }
    }
}
