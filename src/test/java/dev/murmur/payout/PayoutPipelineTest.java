package dev.murmur.payout;

import dev.murmur.outbox.Topics;
import dev.murmur.testing.Api;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The whole pipeline against the real database and broker: API -> outbox -> relay -> Kafka ->
 * payout worker -> ledger -> earnings and period APIs. Every test ends by checking the ledger's
 * invariants.
 */
@QuarkusTest
class PayoutPipelineTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final int LIKE = 2; // murmur.reward.weights.like (default)

    @Inject
    EntityManager em;
    @Inject
    PayoutHooks hooks;
    @Inject
    EngagementApplier applier;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @AfterEach
    void invariantsHold() {
        hooks.reset();
        // Every entry sums to zero per unit.
        assertThat(em.createNativeQuery("""
                select entry_id from journal_posting group by entry_id, unit having sum(amount) <> 0""").getResultList()).isEmpty();
        // Every closed period with credits paid out exactly its budget.
        assertThat(em.createNativeQuery("""
                select r.id from reward_period r
                where r.status = 'CLOSED' and r.budget > 0
                  and exists (select 1 from journal_entry e where e.period_id = r.id and e.kind = 'ENGAGEMENT_CREDIT')
                  and r.budget <> coalesce((select sum(p.amount) from journal_posting p join journal_entry e on e.id = p.entry_id
                                            where e.period_id = r.id and e.kind = 'PERIOD_CLOSE' and p.account_kind = 'CREATOR_UNSETTLED'), 0)
                  and (select sum(p.amount) from journal_posting p join journal_entry e on e.id = p.entry_id
                       where e.period_id = r.id and p.unit = 'CREDIT' and p.account_kind = 'CREATOR_CREDITS') > 0""").getResultList()).isEmpty();
        // No event applied twice (one credit line per event at most), and nothing applied that was not recorded as processed.
        assertThat(((Number) em.createNativeQuery("""
                select count(*) from journal_credit_line l
                where not exists (select 1 from processed_event p where p.event_id = l.event_id)""").getSingleResult()).longValue()).isZero();
        // The standing credits (the policy's projection) agree with the ledger, creator by creator.
        assertThat(em.createNativeQuery("""
                select creator_id from engagement_credit group by creator_id
                having sum(amount) <> (select coalesce(sum(p.amount), 0) from journal_posting p join journal_entry e on e.id = p.entry_id
                                       where p.account_kind = 'CREATOR_CREDITS' and p.owner_id = creator_id
                                         and e.kind like 'ENGAGEMENT%')""").getResultList()).isEmpty();
    }

    @Test
    void shouldCreditALikeThroughTheApiAndTakeItBackOnUnlike() {
        Api.User ada = Api.newUser("ada");
        Api.User bob = Api.newUser("bob");
        long post = Api.post(ada, "a thought worth liking");

        bob.as().put("/api/posts/" + post + "/like").then().statusCode(200);
        awaitOpenCredits(ada, LIKE);
        JsonPath earnings = earnings(ada);
        assertThat(earnings.getLong("posts[0].postId")).isEqualTo(post);
        assertThat(earnings.getString("posts[0].lines[0].rule")).isEqualTo("weight");
        assertThat(earnings.getLong("posts[0].lines[0].reader")).isEqualTo(bob.id());
        assertThat(earnings.getString("posts[0].lines[0].type")).isEqualTo("dev.murmur.engagement.like.added");

        bob.as().delete("/api/posts/" + post + "/like").then().statusCode(200);
        awaitOpenCredits(ada, 0);
        assertThat(earnings(ada).getList("posts[0].lines")).hasSize(2);

        // The events say how much of their own the reader had (the empty-account rule reads it).
        assertThat(readerPostsOnLastLike(bob)).isEqualTo("0");
        Api.post(bob, "something of my own");
        bob.as().put("/api/posts/" + post + "/like").then().statusCode(200);
        assertThat(readerPostsOnLastLike(bob)).isEqualTo("1");
    }

    private String readerPostsOnLastLike(Api.User reader) {
        return QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery("""
                        select cast(payload as jsonb) ->> 'readerPosts' from outbox_event
                        where type = 'dev.murmur.engagement.like.added' and cast(payload as jsonb) ->> 'readerId' = :reader
                        order by seq desc limit 1""")
                .setParameter("reader", Long.toString(reader.id())).getSingleResult());
    }

    @Test
    void shouldTakeCreditBackWhenModerationRemovesAPostOrSuspendsTheCreator() {
        Api.User ada = Api.newUser("ada");
        Api.User bob = Api.newUser("bob");
        Api.User operator = operator();
        long spam = Api.post(ada, "buy followers here");
        long fine = Api.post(ada, "a fine post");
        bob.as().put("/api/posts/" + spam + "/like").then().statusCode(200);
        bob.as().put("/api/posts/" + spam + "/repost").then().statusCode(200);
        bob.as().put("/api/posts/" + fine + "/like").then().statusCode(200);
        awaitOpenCredits(ada, LIKE + 6 + LIKE);

        // A moderator removes one post: the credits standing on it are reversed, under the rule moderation.
        operator.as().contentType("application/json").body(Map.of("reason", "spam"))
                .post("/api/operator/moderation/posts/" + spam + "/removal").then().statusCode(200);
        awaitOpenCredits(ada, LIKE);
        assertThat(earnings(ada).getList("posts.findAll { it.postId == " + spam + " }.lines.flatten().findAll { it.rule == 'moderation' }"))
                .hasSize(2);

        // The account is suspended: the rest goes, and a new like earns nothing until it is reinstated.
        operator.as().contentType("application/json").body(Map.of("suspended", true, "reason", "spam account"))
                .put("/api/operator/moderation/accounts/" + ada.handle()).then().statusCode(200);
        awaitOpenCredits(ada, 0);
        long later = Api.post(ada, "posted while suspended");
        bob.as().put("/api/posts/" + later + "/like").then().statusCode(200);
        await().atMost(PATIENCE).until(() -> operator.as().get("/api/operator/rejected-events?limit=1000")
                .then().statusCode(200).extract().jsonPath().getList("findAll { it.postId == " + later + " }.rule").contains("moderation"));
        assertThat(earnings(ada).getLong("open.credits")).isZero();

        operator.as().contentType("application/json").body(Map.of("suspended", false, "reason", "appeal upheld"))
                .put("/api/operator/moderation/accounts/" + ada.handle()).then().statusCode(200);
        bob.as().put("/api/posts/" + later + "/repost").then().statusCode(200);
        awaitOpenCredits(ada, 6);
    }

    @Test
    void shouldRefuseSelfLikesAndShowThemToOperators() {
        Api.User ada = Api.newUser("ada");
        long post = Api.post(ada, "liking my own post");
        ada.as().put("/api/posts/" + post + "/like").then().statusCode(200);
        Api.User operator = operator();
        await().atMost(PATIENCE).until(() -> operator.as().get("/api/operator/rejected-events?limit=1000")
                .then().statusCode(200).extract().jsonPath().getList("findAll { it.postId == " + post + " }.rule").contains("self-engagement"));
        assertThat(earnings(ada).getLong("open.credits")).isZero();
    }

    @Test
    void shouldApplyExactlyOnceWhenTheWorkerDiesAfterWritingOrAfterCommitting() {
        Api.User ada = Api.newUser("ada");
        Api.User bob = Api.newUser("bob");
        long first = Api.post(ada, "first");
        long second = Api.post(ada, "second");

        // Dies inside the transaction, after the writes: nothing commits, the batch is retried.
        AtomicInteger writes = new AtomicInteger();
        hooks.afterWrite(() -> {
            if (writes.incrementAndGet() == 1) {
                throw new IllegalStateException("injected: crash after write, before commit");
            }
        });
        bob.as().put("/api/posts/" + first + "/like").then().statusCode(200);
        awaitOpenCredits(ada, LIKE);
        assertThat(writes.get()).isGreaterThanOrEqualTo(2);
        hooks.reset();

        // Dies after the commit, before the offsets are committed: the batch comes again and is deduped.
        AtomicInteger commits = new AtomicInteger();
        hooks.afterCommit(() -> {
            if (commits.incrementAndGet() == 1) {
                throw new IllegalStateException("injected: crash after commit, before offset commit");
            }
        });
        bob.as().put("/api/posts/" + second + "/like").then().statusCode(200);
        await().atMost(PATIENCE).until(() -> commits.get() >= 2); // the retry has run to completion
        assertThat(earnings(ada).getLong("open.credits")).isEqualTo(2L * LIKE);
    }

    @Test
    void shouldLeaveTheLedgerUnchangedWhenTheWholeTopicIsReplayedFromOffsetZero() {
        Api.User ada = Api.newUser("ada");
        Api.User bob = Api.newUser("bob");
        long post = Api.post(ada, "replay me");
        bob.as().put("/api/posts/" + post + "/like").then().statusCode(200);
        bob.as().put("/api/posts/" + post + "/repost").then().statusCode(200);
        bob.as().delete("/api/posts/" + post + "/like").then().statusCode(200);
        awaitOpenCredits(ada, 6); // repost stands, like reversed
        awaitOutboxDrained();
        await().atMost(PATIENCE).until(() -> consumerLag() == 0);

        Map<String, Long> before = balances();
        long entriesBefore = count("journal_entry");
        List<ConsumerRecord<String, String>> all = readWholeTopic();
        assertThat(all).isNotEmpty();
        int applied = 0;
        for (int i = 0; i < all.size(); i += 100) {
            applied += applier.apply(all.subList(i, Math.min(all.size(), i + 100))).applied();
        }
        assertThat(applied).isZero();
        assertThat(count("journal_entry")).isEqualTo(entriesBefore);
        assertThat(balances()).isEqualTo(before);
    }

    @Test
    void shouldPayOutTheBudgetExactlyWhenAPeriodClosesAndOnlyOnce() {
        Api.User ada = Api.newUser("ada");
        Api.User cyd = Api.newUser("cyd");
        Api.User bob = Api.newUser("bob");
        long adaPost = Api.post(ada, "ada's post");
        long cydPost = Api.post(cyd, "cyd's post");
        bob.as().put("/api/posts/" + adaPost + "/like").then().statusCode(200);
        bob.as().put("/api/posts/" + cydPost + "/repost").then().statusCode(200);
        awaitOpenCredits(ada, LIKE);
        awaitOpenCredits(cyd, 6);

        Api.User operator = operator();
        long period = earnings(ada).getLong("open.periodId");
        operator.as().body(Map.of("budget", -5)).put("/api/operator/periods/" + period + "/budget")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://murmur.dev/problems/validation-failed"));
        bob.as().body(Map.of("budget", 5)).put("/api/operator/periods/" + period + "/budget")
                .then().statusCode(403).contentType("application/problem+json");
        // A budget above the funded reward pool is refused and changes nothing (decision 0621).
        operator.as().body(Map.of("budget", 9_000_000_000_000_000L)).put("/api/operator/periods/" + period + "/budget")
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://murmur.dev/problems/budget-exceeds-reward-pool"));
        assertThat(operator.as().get("/api/operator/periods/" + period).then().statusCode(200).extract().jsonPath()
                .getLong("period.budget")).isZero();
        operator.as().body(Map.of("amount", 1_000_003)).post("/api/operator/settlement/fund").then().statusCode(200);
        operator.as().body(Map.of("budget", 1_000_003)).put("/api/operator/periods/" + period + "/budget")
                .then().statusCode(200).body("budget", equalTo(1_000_003));

        JsonPath closed = operator.as().post("/api/operator/periods/" + period + "/close")
                .then().statusCode(200).extract().jsonPath();
        assertThat(closed.getString("period.status")).isEqualTo("CLOSED");
        assertThat(closed.getLong("paid")).isEqualTo(1_000_003L);
        JsonPath again = operator.as().post("/api/operator/periods/" + period + "/close")
                .then().statusCode(200).extract().jsonPath();
        assertThat(again.getLong("paid")).isEqualTo(1_000_003L);
        assertThat(again.getList("topEarners")).isEqualTo(closed.getList("topEarners"));
        operator.as().body(Map.of("budget", 1)).put("/api/operator/periods/" + period + "/budget")
                .then().statusCode(409).body("type", equalTo("https://murmur.dev/problems/period-closed"));

        JsonPath adaEarnings = earnings(ada);
        long adaPaid = adaEarnings.getLong("unsettled");
        long cydPaid = earnings(cyd).getLong("unsettled");
        assertThat(adaPaid).isPositive();
        assertThat(cydPaid).isGreaterThan(adaPaid);
        assertThat(adaEarnings.getLong("history.find { it.periodId == " + period + " }.payout")).isEqualTo(adaPaid);

        // Credits after the close count in the next period.
        bob.as().delete("/api/posts/" + adaPost + "/like").then().statusCode(200);
        awaitOpenCredits(ada, -LIKE);
        assertThat(earnings(ada).getLong("open.periodId")).isGreaterThan(period);
        assertThat(earnings(ada).getLong("unsettled")).isEqualTo(adaPaid);
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static JsonPath earnings(Api.User user) {
        return user.as().get("/api/earnings/me").then().statusCode(200).extract().jsonPath();
    }

    private static void awaitOpenCredits(Api.User creator, long expected) {
        await().atMost(PATIENCE).until(() -> earnings(creator).getLong("open.credits") == expected);
    }

    private static Api.User operator() {
        return Api.newUserWithRole("op", "OPERATOR");
    }

    private void awaitOutboxDrained() {
        await().atMost(PATIENCE).until(() -> count("outbox_event where published_at is null") == 0);
    }

    private long count(String from) {
        // Awaitility polls on its own thread, outside the test's request context: use a transaction.
        return QuarkusTransaction.requiringNew().call(() ->
                ((Number) em.createNativeQuery("select count(*) from " + from).getSingleResult()).longValue());
    }

    private Map<String, Long> balances() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                select account_kind || '/' || owner_id || '/' || owner_address || '/' || unit, sum(amount) from journal_posting group by 1""").getResultList();
        return rows.stream().collect(Collectors.toMap(r -> (String) r[0], r -> ((Number) r[1]).longValue()));
    }

    private KafkaConsumer<String, String> consumer(String group) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer());
    }

    /** How far the payout worker's committed offsets are behind the end of the topic. */
    private long consumerLag() {
        try (KafkaConsumer<String, String> c = consumer("lag-probe-" + UUID.randomUUID())) {
            List<TopicPartition> partitions = c.partitionsFor(Topics.ENGAGEMENTS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            Map<TopicPartition, Long> ends = c.endOffsets(partitions);
            try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                var committed = admin.listConsumerGroupOffsets("murmur-payout").partitionsToOffsetAndMetadata().get();
                return partitions.stream().mapToLong(tp -> ends.get(tp)
                        - (committed.get(tp) == null ? 0 : committed.get(tp).offset())).sum();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A replay: a fresh consumer group reads the topic from offset 0 to its current end. */
    private List<ConsumerRecord<String, String>> readWholeTopic() {
        try (KafkaConsumer<String, String> c = consumer("replay-" + UUID.randomUUID())) {
            List<TopicPartition> partitions = c.partitionsFor(Topics.ENGAGEMENTS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = c.endOffsets(partitions);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            while (partitions.stream().anyMatch(tp -> c.position(tp) < ends.get(tp))) {
                c.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }
}
