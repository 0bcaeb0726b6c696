package dev.murmur.payout;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.murmur.engagement.EngagementEvent;
import dev.murmur.engagement.EngagementEvent.Action;
import dev.murmur.engagement.EngagementEvent.Kind;
import dev.murmur.ledger.CreditLine;
import dev.murmur.ledger.Ledger;
import dev.murmur.ledger.LedgerQueries;
import dev.murmur.ledger.LedgerAccounts;
import dev.murmur.outbox.Topics;
import dev.murmur.outbox.UuidV7;
import dev.murmur.period.PeriodService;
import dev.murmur.testing.PipelineProbe;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the worker books a batch: one journal entry with each creator's net credits, and one reason
 * line per event. Batches are handed to the applier directly (as the consumer does), with ids no
 * other test uses, so the shapes are exact.
 */
@QuarkusTest
class CreditBatchTest {

    private static final AtomicLong IDS = new AtomicLong(System.nanoTime() % 1_000_000_000L * 1_000 + 9_000_000_000_000L);

    @Inject
    EngagementApplier applier;
    @Inject
    Ledger ledger;

    @Inject
    LedgerQueries ledgerQueries;
    @Inject
    PipelineProbe probe;
    @Inject
    EntityManager em;
    @Inject
    ObjectMapper json;
    @Inject
    PeriodService periods;
    @Inject
    PayoutHooks hooks;

    @AfterEach
    void invariantsHold() {
        probe.assertLedgerInvariants();
    }

    @Test
    void shouldBookOneEntryPerBatchWithEachCreatorsNetCreditsAndALinePerEvent() throws Exception {
        long ada = IDS.incrementAndGet(), cyd = IDS.incrementAndGet(), bob = IDS.incrementAndGet(), eve = IDS.incrementAndGet();
        long adaPost = IDS.incrementAndGet(), cydPost = IDS.incrementAndGet();
        List<ConsumerRecord<String, String>> batch = List.of(
                record(Kind.LIKE, Action.ADDED, bob, ada, adaPost, null),
                record(Kind.REPOST, Action.ADDED, bob, ada, adaPost, IDS.incrementAndGet()),
                record(Kind.LIKE, Action.ADDED, eve, ada, adaPost, null),
                record(Kind.LIKE, Action.ADDED, bob, cyd, cydPost, null),
                record(Kind.LIKE, Action.REMOVED, bob, cyd, cydPost, null)); // cyd nets zero
        List<UUID> ids = batch.stream().map(CreditBatchTest::id).toList();

        assertThat(applier.apply(batch).applied()).isEqualTo(5);

        List<Object> entries = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select distinct entry_id from journal_credit_line where event_id = any(cast(:ids as uuid[]))")
                .setParameter("ids", ids.toArray(UUID[]::new)).getResultList());
        assertThat(entries).hasSize(1).doesNotContainNull();
        long entry = ((Number) entries.getFirst()).longValue();
        @SuppressWarnings("unchecked")
        List<Object[]> postings = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select account_kind, owner_id, amount from journal_posting where entry_id = :e order by account_kind")
                .setParameter("e", entry).getResultList());
        // ada: like 2 + repost 6 + like 2; cyd: 2 - 2 = 0, so no posting; the pool pays ada's 10.
        assertThat(postings).extracting(r -> r[0] + "/" + r[1] + "=" + r[2])
                .containsExactly("CREATOR_CREDITS/" + ada + "=10", "ENGAGEMENT_POOL/0=-10");
        assertThat(ledgerQueries.balance(LedgerAccounts.creatorCredits(cyd), LedgerAccounts.CREDIT)).isZero();

        // The reasons: five lines, the reversal naming the like it takes back.
        @SuppressWarnings("unchecked")
        List<Object[]> lines = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                        select event_id, creator_id, amount, rule, type, reverses from journal_credit_line
                        where event_id = any(cast(:ids as uuid[]))""")
                .setParameter("ids", ids.toArray(UUID[]::new)).getResultList());
        assertThat(lines).hasSize(5);
        Object[] reversal = lines.stream().filter(l -> ((Number) l[2]).longValue() < 0).findFirst().orElseThrow();
        assertThat(reversal[3]).isEqualTo("undo");
        assertThat(reversal[4]).isEqualTo("dev.murmur.engagement.like.removed");
        assertThat(reversal[5]).isEqualTo(ids.get(3));
    }

    @Test
    void shouldRecordEveryColumnOfALineAsTheEventSaysIt() throws Exception {
        long ada = IDS.incrementAndGet(), bob = IDS.incrementAndGet(), post = IDS.incrementAndGet(), reply = IDS.incrementAndGet();
        Instant occurred = Instant.parse("2026-03-04T05:06:07.123456Z");
        EngagementEvent e = EngagementEvent.of(Kind.REPLY, Action.ADDED, bob, occurred.minus(400, ChronoUnit.DAYS), 1L, ada, post, reply,
                occurred);
        ConsumerRecord<String, String> record = new ConsumerRecord<>(Topics.ENGAGEMENTS, 0, 0, e.key(), json.writeValueAsString(e));
        UUID id = UuidV7.next(Clock.systemUTC());
        record.headers().add(new RecordHeader("ce_id", id.toString().getBytes(StandardCharsets.UTF_8)));
        record.headers().add(new RecordHeader("ce_type", e.type().getBytes(StandardCharsets.UTF_8)));
        ConsumerRecord<String, String> like = record(Kind.LIKE, Action.ADDED, bob, ada, post, null);
        ConsumerRecord<String, String> unlike = record(Kind.LIKE, Action.REMOVED, bob, ada, post, null);

        applier.apply(List.of(record, like, unlike));

        @SuppressWarnings("unchecked")
        List<Object[]> rows = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                        select event_id, creator_id, post_id, reader_id, source_post_id, amount, rule, type, reverses,
                               occurred_at, kind, credit_day, entry_id is null, period_id is not null
                        from journal_credit_line where event_id = :e""")
                .setParameter("e", id).getResultList());
        assertThat(rows).hasSize(1);
        Object[] r = rows.getFirst();
        assertThat(r[0]).isEqualTo(id);
        assertThat(List.of(r[1], r[2], r[3], r[4], r[5])).extracting(v -> ((Number) v).longValue())
                .containsExactly(ada, post, bob, reply, 4L);
        assertThat(List.of(r[6], r[7], r[10])).containsExactly("weight", "dev.murmur.engagement.reply.added", "REPLY");
        assertThat(r[8]).isNull();
        assertThat(dev.murmur.common.SqlTimes.instant(r[9])).isEqualTo(occurred);
        assertThat(r[11].toString()).isEqualTo("2026-03-04");
        assertThat(List.of(r[12], r[13])).containsExactly(false, true);
        // The reversal names the like it takes back.
        assertThat(QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                        "select reverses from journal_credit_line where event_id = :e").setParameter("e", id(unlike)).getSingleResult()))
                .isEqualTo(id(like));
    }

    @Test
    void shouldWriteNoEntryButKeepTheLinesWhenABatchCancelsOut() throws Exception {
        long ada = IDS.incrementAndGet(), bob = IDS.incrementAndGet(), post = IDS.incrementAndGet();
        List<ConsumerRecord<String, String>> batch = List.of(
                record(Kind.LIKE, Action.ADDED, bob, ada, post, null),
                record(Kind.LIKE, Action.REMOVED, bob, ada, post, null));
        List<UUID> ids = batch.stream().map(CreditBatchTest::id).toList();

        assertThat(applier.apply(batch).applied()).isEqualTo(2);

        assertThat(probe.count("select count(*) from journal_credit_line where event_id = any(cast(:ids as uuid[])) and entry_id is null", ids))
                .isEqualTo(2);
        assertThat(ledgerQueries.balance(LedgerAccounts.creatorCredits(ada), LedgerAccounts.CREDIT)).isZero();
        // Applied once: the same batch again changes nothing.
        assertThat(applier.apply(batch).duplicates()).isEqualTo(2);
        assertThat(probe.count("select count(*) from journal_credit_line where event_id = any(cast(:ids as uuid[]))", ids)).isEqualTo(2);
    }

    @Test
    void shouldApplyABatchOnceWhenTwoWorkersGetItAtTheSameTime() throws Exception {
        // A rebalance can hand the same records to two workers: one applies them, the other finds them applied.
        long ada = IDS.incrementAndGet(), bob = IDS.incrementAndGet(), eve = IDS.incrementAndGet(), post = IDS.incrementAndGet();
        List<ConsumerRecord<String, String>> batch = List.of(
                record(Kind.LIKE, Action.ADDED, bob, ada, post, null),
                record(Kind.REPOST, Action.ADDED, bob, ada, post, IDS.incrementAndGet()),
                record(Kind.LIKE, Action.ADDED, bob, ada, post, null), // a duplicate like: refused
                record(Kind.LIKE, Action.ADDED, eve, ada, post, null));
        List<UUID> ids = batch.stream().map(CreditBatchTest::id).toList();
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<EngagementApplier.Result>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 2; i++) {
                results.add(two.submit(() -> {
                    go.await();
                    return applier.apply(batch);
                }));
            }
            go.countDown();
            EngagementApplier.Result a = results.get(0).get(), b = results.get(1).get();
            assertThat(a.applied() + b.applied()).isEqualTo(3);
            assertThat(a.rejected() + b.rejected()).isEqualTo(1);
            assertThat(a.duplicates() + b.duplicates()).isEqualTo(4);
        } finally {
            two.shutdownNow();
        }
        assertThat(ledgerQueries.balance(LedgerAccounts.creatorCredits(ada), LedgerAccounts.CREDIT)).isEqualTo(2 + 6 + 2);
        assertThat(probe.count("select count(*) from processed_event where event_id = any(cast(:ids as uuid[]))", ids)).isEqualTo(4);
    }

    @Test
    void shouldLoadACreatorAgainWhenItsEventsMoveToAnotherPartition() {
        // The topic gained partitions: the creator's events now arrive on partition 1. What this
        // process cached for the creator under partition 0 must not be used if they come back.
        long ada = IDS.incrementAndGet(), bob = IDS.incrementAndGet(), post = IDS.incrementAndGet();
        applier.apply(List.of(record(Kind.LIKE, Action.ADDED, bob, ada, post, null)));
        applier.apply(List.of(onPartition(1, record(Kind.LIKE, Action.REMOVED, bob, ada, post, null))));
        assertThat(ledgerQueries.balance(LedgerAccounts.creatorCredits(ada), LedgerAccounts.CREDIT)).isZero();

        EngagementApplier.Result again = applier.apply(List.of(record(Kind.LIKE, Action.ADDED, bob, ada, post, null)));
        assertThat(again.applied()).isEqualTo(1);
        assertThat(ledgerQueries.balance(LedgerAccounts.creatorCredits(ada), LedgerAccounts.CREDIT)).isEqualTo(2);
    }

    private static ConsumerRecord<String, String> onPartition(int partition, ConsumerRecord<String, String> record) {
        ConsumerRecord<String, String> moved = new ConsumerRecord<>(record.topic(), partition, record.offset(), record.key(), record.value());
        record.headers().forEach(h -> moved.headers().add(h));
        return moved;
    }

    @Test
    void shouldKeepExactTotalsWhenAppliersOfOnePartitionRaceAndSomeRollBack() throws Exception {
        // Four threads apply batches for the same creators on partition 0 at once, and one write in
        // four fails after writing (the transaction rolls back, the batch is applied again). Each
        // thread likes with its own readers and undoes some of its likes, so the totals do not
        // depend on the order: a state left behind by a rollback, or read while another applier
        // held the partition, shows as a like refused or a credit counted twice.
        long ada = IDS.incrementAndGet(), cyd = IDS.incrementAndGet(), post = IDS.incrementAndGet();
        hooks.afterWrite(() -> {
            if (java.util.concurrent.ThreadLocalRandom.current().nextInt(4) == 0) {
                throw new IllegalStateException("injected: crash after write, before commit");
            }
        });
        java.util.concurrent.ExecutorService four = java.util.concurrent.Executors.newFixedThreadPool(4);
        java.util.concurrent.atomic.AtomicLong expected = new java.util.concurrent.atomic.AtomicLong();
        try {
            List<java.util.concurrent.Future<?>> running = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                running.add(four.submit(() -> {
                    for (int b = 0; b < 15; b++) {
                        long reader = IDS.incrementAndGet(), other = IDS.incrementAndGet();
                        long creator = b % 2 == 0 ? ada : cyd;
                        List<ConsumerRecord<String, String>> batch = List.of(
                                record(Kind.LIKE, Action.ADDED, reader, creator, post, null),
                                record(Kind.LIKE, Action.ADDED, other, creator, post, null),
                                record(Kind.REPOST, Action.ADDED, reader, creator, post, IDS.incrementAndGet()),
                                record(Kind.LIKE, Action.REMOVED, other, creator, post, null));
                        while (true) {
                            try {
                                applier.apply(batch);
                                break;
                            } catch (IllegalStateException injected) {
                                // rolled back: apply the same batch again, as the consumer does
                            }
                        }
                        expected.addAndGet(2 + 6);
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : running) {
                f.get();
            }
        } finally {
            four.shutdownNow();
            hooks.reset();
        }
        assertThat(ledgerQueries.balance(LedgerAccounts.creatorCredits(ada), LedgerAccounts.CREDIT)
                + ledgerQueries.balance(LedgerAccounts.creatorCredits(cyd), LedgerAccounts.CREDIT)).isEqualTo(expected.get());
    }

    @Test
    void shouldLoadTheCreatorAgainWhenAnotherProcessAppliedThePartitionMeanwhile() throws Exception {
        long ada = IDS.incrementAndGet(), bob = IDS.incrementAndGet(), post = IDS.incrementAndGet();
        ConsumerRecord<String, String> like = record(Kind.LIKE, Action.ADDED, bob, ada, post, null);
        assertThat(applier.apply(List.of(like)).applied()).isEqualTo(1); // ada's state is now in this process's memory

        // Another worker process applies partition 0 (a rebalance moved it): bob's unlike. It writes
        // the reversal line and bumps the partition's version, as every applier does.
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("update payout_partition set version = version + 1 where topic = :t and partition = 0")
                    .setParameter("t", Topics.ENGAGEMENTS).executeUpdate();
            Instant now = Instant.now();
            ledger.recordCredits(periods.current().id(), List.of(new CreditLine(UuidV7.next(Clock.systemUTC()), ada, post, bob,
                    null, -2, "undo", "dev.murmur.engagement.like.removed", id(like), now, Kind.LIKE.name(),
                    now.atZone(java.time.ZoneOffset.UTC).toLocalDate())));
        });

        // Bob likes again; the partition is back here. The credit was taken back, so this like earns:
        // a state not loaded again would still see the first like standing and refuse a duplicate.
        EngagementApplier.Result again = applier.apply(List.of(record(Kind.LIKE, Action.ADDED, bob, ada, post, null)));
        assertThat(again.applied()).isEqualTo(1);
        assertThat(again.rejected()).isZero();
        assertThat(ledgerQueries.balance(LedgerAccounts.creatorCredits(ada), LedgerAccounts.CREDIT)).isEqualTo(2);
    }

    private ConsumerRecord<String, String> record(Kind kind, Action action, long reader, long creator, long post, Long source) {
        return WorkerRecords.engagement(json, kind, action, reader, creator, post, source);
    }

    private static UUID id(ConsumerRecord<String, String> record) {
        return WorkerRecords.id(record);
    }
}
