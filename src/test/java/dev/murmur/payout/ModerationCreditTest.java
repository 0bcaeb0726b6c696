package dev.murmur.payout;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.murmur.engagement.EngagementEvent.Action;
import dev.murmur.engagement.EngagementEvent.Kind;
import dev.murmur.ledger.LedgerQueries;
import dev.murmur.ledger.LedgerAccounts;
import dev.murmur.moderation.ModerationEvent;
import dev.murmur.outbox.Topics;
import dev.murmur.testing.PipelineProbe;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the worker applies moderation events (docs/rewards.md, rule 7): a removed post and a
 * suspended creator lose every credit still standing, by reversal lines under the rule
 * {@code moderation}; a suspended creator earns nothing until reinstated. Batches are handed to
 * the applier directly, with ids no other test uses.
 */
@QuarkusTest
class ModerationCreditTest {

    private static final AtomicLong IDS = new AtomicLong(System.nanoTime() % 1_000_000_000L * 1_000 + 8_000_000_000_000L);

    @Inject
    EngagementApplier applier;
    @Inject
    LedgerQueries ledger;
    @Inject
    PipelineProbe probe;
    @Inject
    EntityManager em;
    @Inject
    ObjectMapper json;

    @AfterEach
    void invariantsHold() {
        probe.assertLedgerInvariants();
    }

    @Test
    void shouldReverseEveryCreditStandingOnARemovedPostAndNoOther() {
        long ada = IDS.incrementAndGet(), bob = IDS.incrementAndGet(), eve = IDS.incrementAndGet();
        long removed = IDS.incrementAndGet(), kept = IDS.incrementAndGet();
        ConsumerRecord<String, String> bobLike = engagement(Kind.LIKE, Action.ADDED, bob, ada, removed);
        applier.apply(List.of(bobLike,
                engagement(Kind.REPOST, Action.ADDED, bob, ada, removed),
                engagement(Kind.LIKE, Action.ADDED, eve, ada, removed),
                engagement(Kind.LIKE, Action.ADDED, eve, ada, removed), // a duplicate: refused, nothing to reverse
                engagement(Kind.LIKE, Action.ADDED, bob, ada, kept)));
        assertThat(credits(ada)).isEqualTo(2 + 6 + 2 + 2);

        ConsumerRecord<String, String> removal = WorkerRecords.moderation(json, ModerationEvent.POST_REMOVED, ada, removed);
        EngagementApplier.Result result = applier.apply(List.of(removal));

        assertThat(result.applied()).isEqualTo(1);
        assertThat(credits(ada)).isEqualTo(2); // the like on the other post stands
        @SuppressWarnings("unchecked")
        List<Object[]> reversals = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                        select post_id, reader_id, kind, amount, rule, type, reverses from journal_credit_line
                        where creator_id = :c and amount < 0 order by reader_id, kind""")
                .setParameter("c", ada).getResultList());
        assertThat(reversals).extracting(r -> r[1] + " " + r[2] + " " + r[3] + " " + r[4] + " " + r[5] + " " + r[0])
                .containsExactly(
                        bob + " LIKE -2 moderation " + ModerationEvent.POST_REMOVED + " " + removed,
                        bob + " REPOST -6 moderation " + ModerationEvent.POST_REMOVED + " " + removed,
                        eve + " LIKE -2 moderation " + ModerationEvent.POST_REMOVED + " " + removed);
        assertThat(reversals.getFirst()[6]).isEqualTo(WorkerRecords.id(bobLike));

        // Applied once: the same event again, and an unlike of a credit moderation took, change nothing.
        assertThat(applier.apply(List.of(removal)).duplicates()).isEqualTo(1);
        EngagementApplier.Result unlike = applier.apply(List.of(engagement(Kind.LIKE, Action.REMOVED, bob, ada, removed)));
        assertThat(unlike.rejected()).isEqualTo(1);
        assertThat(credits(ada)).isEqualTo(2);
    }

    @Test
    void shouldTakeASuspendedCreatorsCreditsAndRefuseNewOnesUntilReinstated() {
        long ada = IDS.incrementAndGet(), bob = IDS.incrementAndGet(), first = IDS.incrementAndGet(), second = IDS.incrementAndGet();
        applier.apply(List.of(engagement(Kind.LIKE, Action.ADDED, bob, ada, first),
                engagement(Kind.QUOTE, Action.ADDED, bob, ada, second)));
        long quoteWeight = credits(ada) - 2;
        assertThat(quoteWeight).isPositive();

        // Suspended, then liked in the same batch: the like is refused under the rule moderation.
        ConsumerRecord<String, String> lateLike = engagement(Kind.LIKE, Action.ADDED, bob, ada, second);
        applier.apply(List.of(WorkerRecords.moderation(json, ModerationEvent.ACCOUNT_SUSPENDED, ada, null), lateLike));
        assertThat(credits(ada)).isZero();
        assertThat(refusalRule(WorkerRecords.id(lateLike))).isEqualTo("moderation");

        // Still suspended when this process loads the creator again (another process applied the partition).
        bumpPartitionVersion();
        ConsumerRecord<String, String> afterReload = engagement(Kind.REPOST, Action.ADDED, bob, ada, first);
        applier.apply(List.of(afterReload));
        assertThat(refusalRule(WorkerRecords.id(afterReload))).isEqualTo("moderation");
        assertThat(credits(ada)).isZero();

        // Reinstated: engagements earn again; what was reversed stays reversed.
        applier.apply(List.of(WorkerRecords.moderation(json, ModerationEvent.ACCOUNT_REINSTATED, ada, null),
                engagement(Kind.LIKE, Action.ADDED, bob, ada, first)));
        assertThat(credits(ada)).isEqualTo(2);
    }

    @Test
    void shouldRefuseTrendCreditsForASuspendedCreatorAndBookThemAgainOnceReinstated() {
        long ada = IDS.incrementAndGet();
        applier.apply(List.of(WorkerRecords.moderation(json, ModerationEvent.ACCOUNT_SUSPENDED, ada, null)));
        ConsumerRecord<String, String> whileSuspended = WorkerRecords.trendCredit(json, "trend-" + IDS.incrementAndGet(), ada, 300);

        assertThat(applier.apply(List.of(whileSuspended)).rejected()).isEqualTo(1);
        assertThat(refusalRule(WorkerRecords.id(whileSuspended))).isEqualTo("moderation");
        assertThat(credits(ada)).isZero();

        applier.apply(List.of(WorkerRecords.moderation(json, ModerationEvent.ACCOUNT_REINSTATED, ada, null),
                WorkerRecords.trendCredit(json, "trend-" + IDS.incrementAndGet(), ada, 200)));
        assertThat(credits(ada)).isEqualTo(200);
        // The refused one stays refused when it comes again.
        assertThat(applier.apply(List.of(whileSuspended)).duplicates()).isEqualTo(1);
        assertThat(credits(ada)).isEqualTo(200);
    }

    @Test
    void shouldRefuseAMalformedModerationEventAndMoveNothing() throws Exception {
        long ada = IDS.incrementAndGet(), bob = IDS.incrementAndGet(), post = IDS.incrementAndGet();
        applier.apply(List.of(engagement(Kind.LIKE, Action.ADDED, bob, ada, post)));
        // A post removal without a post would otherwise reverse every credit the creator holds.
        ConsumerRecord<String, String> noPost = WorkerRecords.moderation(json, ModerationEvent.POST_REMOVED, ada, null);

        assertThat(applier.apply(List.of(noPost)).rejected()).isEqualTo(1);
        assertThat(refusalRule(WorkerRecords.id(noPost))).isEqualTo("malformed");
        assertThat(credits(ada)).isEqualTo(2);
    }

    private ConsumerRecord<String, String> engagement(Kind kind, Action action, long reader, long creator, long post) {
        Long source = kind == Kind.LIKE || kind == Kind.REPOST ? null : IDS.incrementAndGet();
        return WorkerRecords.engagement(json, kind, action, reader, creator, post, source);
    }

    private long credits(long creator) {
        return ledger.balance(LedgerAccounts.creatorCredits(creator), LedgerAccounts.CREDIT);
    }

    private String refusalRule(UUID eventId) {
        return QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery("select rule from rejected_event where event_id = :e")
                .setParameter("e", eventId).getSingleResult());
    }

    /** What another worker process applying partition 0 does: this process must load its creators again. */
    private void bumpPartitionVersion() {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                        "update payout_partition set version = version + 1 where topic = :t and partition = 0")
                .setParameter("t", Topics.ENGAGEMENTS).executeUpdate());
    }
}
