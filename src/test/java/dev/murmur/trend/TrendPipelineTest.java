package dev.murmur.trend;

import dev.murmur.outbox.Topics;
import dev.murmur.post.Post;
import dev.murmur.post.PostEvent;
import dev.murmur.testing.Api;
import dev.murmur.trend.detect.MemoryTagStore;
import dev.murmur.trend.detect.PostSignal;
import dev.murmur.trend.detect.Transition;
import dev.murmur.trend.detect.TrendDetector;
import dev.murmur.trend.service.TrendApplier;
import dev.murmur.trend.service.TrendHooks;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The detector against the real database, and its credits through the outbox, Kafka, the payout
 * worker and the ledger. Events are fed to the applier as Kafka records with event times far in
 * the future, so they are the newest the shared detector has seen and nothing else moves its clock.
 */
@QuarkusTest
class TrendPipelineTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final long BUCKET = Duration.ofMinutes(15).toMillis();
    private static final AtomicInteger RUN = new AtomicInteger();

    @Inject
    TrendApplier applier;
    @Inject
    TrendHooks hooks;
    @Inject
    EntityManager em;
    @Inject
    ObjectMapper json;

    private long nextPost = 4_000_000_000L + RUN.get() * 1_000_000L;

    @AfterEach
    void reset() {
        hooks.reset();
    }

    @Test
    void shouldSurviveACrashAndARedeliveryMidTrendAndCreditTheLedgerExactlyOnce() {
        Api.User ada = Api.newUser("ada");
        String tag = "wave" + UUID.randomUUID().toString().substring(0, 8);
        long t0 = start();
        List<ConsumerRecord<String, String>> warm = warmUp(t0);
        List<ConsumerRecord<String, String>> burst = new ArrayList<>();
        List<PostSignal> signals = new ArrayList<>();
        long burstAt = t0 + 14 * BUCKET;
        burst.add(record(ada.id(), tag, burstAt, signals));
        for (int i = 1; i < 30; i++) {
            burst.add(record(9_000_000L + RUN.get() * 100 + i, tag, burstAt + i * 1_000, signals));
        }
        applier.apply(warm);

        // Crash inside the transaction after everything was written: nothing of the batch commits.
        AtomicInteger writes = new AtomicInteger();
        hooks.afterWrite(() -> {
            if (writes.incrementAndGet() == 1) {
                throw new IllegalStateException("injected: crash after write, before commit");
            }
        });
        List<ConsumerRecord<String, String>> firstHalf = burst.subList(0, 15);
        assertThatThrownBy(() -> applier.apply(firstHalf)).hasMessageContaining("injected");
        assertThat(count("trend where tag = '" + tag + "'")).isZero();
        applier.apply(firstHalf);
        // A redelivery of the same half, then the rest with an overlap: duplicates change nothing.
        assertThat(applier.apply(firstHalf).applied()).isZero();
        applier.apply(burst.subList(10, 30));

        String trendId = TrendDetector.trendId(tag, Math.floorDiv(burstAt, BUCKET));
        JsonPath detail = given().get("/api/trends/" + trendId).then().statusCode(200).extract().jsonPath();
        assertThat(detail.getString("trend.status")).isEqualTo("TRENDING");
        assertThat(detail.getInt("shares.bps.sum()")).isEqualTo(10_000);
        assertThat(detail.getLong("shares[0].accountId")).isEqualTo(ada.id());
        assertThat(detail.getString("shares[0].reasons[0]")).startsWith("first use of #" + tag);
        assertThat(detail.getInt("timeline.find { it.bucket == " + Math.floorDiv(burstAt, BUCKET) + " }.accounts")).isEqualTo(30);
        assertThat(given().get("/api/trends?limit=100").then().statusCode(200).extract().jsonPath().getList("id")).contains(trendId);

        // The same events through the pure detector, in one run with no crash, attribute identically.
        assertThat(detail.getList("shares.bps", Integer.class)).isEqualTo(pureShares(warm, signals, tag));

        // Quiet buckets later, the trend ends and its credits flow to the ledger, once.
        applier.apply(List.of(record(1L, "noise" + RUN.get(), burstAt + 3 * BUCKET, new ArrayList<>())));
        JsonPath ended = given().get("/api/trends/" + trendId).then().statusCode(200).extract().jsonPath();
        assertThat(ended.getString("trend.status")).isEqualTo("ENDED");
        assertThat(given().get("/api/trends/ended").then().statusCode(200).extract().jsonPath().getList("id", String.class))
                .contains(trendId);
        long credits = ended.getLong("trend.credits");
        assertThat(credits).isPositive();
        assertThat(ended.getList("shares.credits", Long.class).stream().mapToLong(Long::longValue).sum()).isEqualTo(credits);
        long adaCredits = ended.getLong("shares[0].credits");
        await().atMost(PATIENCE).until(() -> ledgerTrendCredits(trendId) == credits);
        JsonPath earnings = ada.as().get("/api/earnings/me").then().statusCode(200).extract().jsonPath();
        assertThat(earnings.getLong("open.trendCredits")).isEqualTo(adaCredits);
        assertThat(earnings.getString("trends[0].tag")).isEqualTo(tag);
        assertThat(earnings.getList("trends[0].why", String.class)).anySatisfy(w -> assertThat(w).startsWith("first use"));
        ada.as().get("/api/trends/credits/me").then().statusCode(200).body("[0].credits", equalTo((int) adaCredits));

        // Replaying every batch again awards nothing more.
        applier.apply(warm);
        applier.apply(burst);
        assertThat(count("outbox_event where type = 'dev.murmur.trend.credit' and subject = 'trend/" + trendId + "'"))
                .isEqualTo(ended.getList("shares").stream().filter(s -> ((Number) ((Map<?, ?>) s).get("credits")).longValue() > 0).count());
        assertThat(ledgerTrendCredits(trendId)).isEqualTo(credits);
    }

    @Test
    void shouldNeitherListNorCreditATagOperatorsMarkedNotTrendable() {
        Api.User operator = operator();
        String tag = "Spam_" + UUID.randomUUID().toString().substring(0, 6);
        String key = tag.toLowerCase().replace("_", "");
        operator.as().body(Map.of("trendable", false, "reason", "coordinated spam")).put("/api/operator/trends/tags/" + tag)
                .then().statusCode(200).body("tag", equalTo(key)).body("trendable", equalTo(false));
        operator.as().body(Map.of("trendable", false)).put("/api/operator/trends/tags/" + "%23%23bad")
                .then().statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("https://murmur.dev/problems/invalid-tag"));
        Api.newUser("nobody").as().body(Map.of("trendable", false)).put("/api/operator/trends/tags/x")
                .then().statusCode(403).contentType("application/problem+json");

        long t0 = start();
        applier.apply(warmUp(t0));
        List<ConsumerRecord<String, String>> burst = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            burst.add(record(9_500_000L + i, key, t0 + 14 * BUCKET + i, new ArrayList<>()));
        }
        applier.apply(burst);
        applier.apply(List.of(record(1L, "noise" + RUN.get(), t0 + 18 * BUCKET, new ArrayList<>())));
        assertThat(count("trend where tag = '" + key + "'")).isZero();
        assertThat(count("outbox_event where type = 'dev.murmur.trend.credit' and payload like '%\"tag\":\"" + key + "\"%'")).isZero();
        given().get("/api/trends/not-a-uuid").then().statusCode(404).contentType("application/problem+json");
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** A fresh stretch of event time, after anything earlier tests fed the shared detector. */
    private long start() {
        int run = RUN.incrementAndGet();
        nextPost = 4_000_000_000L + run * 1_000_000L;
        return Instant.parse("2100-01-01T00:00:00Z").toEpochMilli() + run * 200L * BUCKET;
    }

    /** A post in each of 13 buckets, so the detector has a baseline however fresh its database is. */
    private List<ConsumerRecord<String, String>> warmUp(long t0) {
        List<ConsumerRecord<String, String>> warm = new ArrayList<>();
        for (int b = 0; b < 13; b++) {
            warm.add(record(1L, "noise" + RUN.get(), t0 + b * BUCKET, new ArrayList<>()));
        }
        return warm;
    }

    private ConsumerRecord<String, String> record(long account, String tag, long time, List<PostSignal> signals) {
        long id = nextPost++;
        Instant since = Instant.parse("2024-01-01T00:00:00Z");
        PostEvent event = new PostEvent(PostEvent.SCHEMA_VERSION, id, account, Post.Kind.POST, null, null,
                Instant.ofEpochMilli(time), null, since, List.of(tag));
        signals.add(new PostSignal(id, account, since.toEpochMilli(), PostSignal.Kind.POST, null, List.of(tag), time, false));
        try {
            ConsumerRecord<String, String> r = new ConsumerRecord<>(Topics.POSTS, 0, id, Long.toString(account), json.writeValueAsString(event));
            r.headers().add(new RecordHeader("ce_id", UUID.nameUUIDFromBytes(("post-" + id).getBytes(StandardCharsets.UTF_8)).toString().getBytes(StandardCharsets.UTF_8)));
            r.headers().add(new RecordHeader("ce_type", PostEvent.CREATED.getBytes(StandardCharsets.UTF_8)));
            return r;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Integer> pureShares(List<ConsumerRecord<String, String>> warm, List<PostSignal> burst, String tag) {
        var rules = dev.murmur.trend.detect.TrendRules.defaults().withMinAccountAge(Duration.ZERO);
        TrendDetector detector = new TrendDetector(rules, new MemoryTagStore(rules), Long.MIN_VALUE, t -> true, a -> false);
        List<Integer> bps = new ArrayList<>();
        for (int b = 0; b < 13; b++) {
            detector.apply(new PostSignal(-b - 1, 1, 0, PostSignal.Kind.POST, null, List.of("noise"), burst.getFirst().time() - (14 - b) * BUCKET, false));
        }
        for (PostSignal s : burst) {
            for (Transition t : detector.apply(s)) {
                if (t instanceof Transition.Detected d && d.tag().equals(tag)) {
                    d.shares().forEach(sh -> bps.add(sh.bps()));
                }
            }
        }
        return bps;
    }

    private long ledgerTrendCredits(String trendId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery("""
                        select coalesce(sum(p.amount), 0) from journal_posting p join journal_entry e on e.id = p.entry_id
                        where e.kind = 'TREND_CREDIT' and e.reason ->> 'trend' = :t and p.account_kind = 'CREATOR_CREDITS'""")
                .setParameter("t", trendId).getSingleResult()).longValue());
    }

    private long count(String from) {
        return QuarkusTransaction.requiringNew().call(() ->
                ((Number) em.createNativeQuery("select count(*) from " + from).getSingleResult()).longValue());
    }

    private static Api.User operator() {
        return Api.newUserWithRole("op", "OPERATOR");
    }
}
