package dev.murmur.notification;

import dev.murmur.engagement.EngagementEvent;
import dev.murmur.notification.service.NotificationApplier;
import dev.murmur.notification.service.NotificationHooks;
import dev.murmur.outbox.OutboxHooks;
import dev.murmur.outbox.Topics;
import dev.murmur.settlement.batch.EarningsSettledEvent;
import dev.murmur.social.FollowEvent;
import dev.murmur.testing.Api;
import dev.murmur.tip.service.TipDeposits;
import dev.murmur.trend.TrendCreditEvent;
import dev.murmur.web.FormSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * Notifications against the real stack: API -> outbox -> relay -> Kafka -> notification consumer
 * -> PostgreSQL -> API. Redeliveries are real: the relay is crashed after the broker acknowledged
 * (it sends again), the consumer after its commit (the batch comes again), and whole topics are
 * replayed from offset zero.
 */
@QuarkusTest
class NotificationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final List<String> TOPICS = List.of(Topics.ENGAGEMENTS, Topics.POSTS, Topics.SOCIAL, Topics.TIPS, Topics.SETTLEMENTS);

    @Inject
    NotificationApplier applier;
    @Inject
    NotificationHooks hooks;
    @Inject
    OutboxHooks outboxHooks;
    @Inject
    TipDeposits deposits;
    @Inject
    EntityManager em;
    @Inject
    ObjectMapper json;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @AfterEach
    void reset() {
        hooks.reset();
        outboxHooks.reset();
    }

    @Test
    void shouldNotifyEveryKindExactlyOnceEvenWhenEventsAreRedelivered() throws Exception {
        Api.User ada = Api.newUser("ada");
        Api.User bob = Api.newUser("bob");
        long post = Api.post(ada, "a post worth noticing");
        QuarkusTransaction.requiringNew().run(() -> deposits.credit(UUID.randomUUID(), bob.id(), 5_000_000, Map.of("test", "deposit")));

        // The relay dies after the broker acknowledged a pass (it sends those events again), and the
        // consumer after a commit, before its offsets (it reads the batch again).
        AtomicInteger relayCrashes = new AtomicInteger();
        outboxHooks.afterAcks(() -> {
            if (relayCrashes.incrementAndGet() <= 2) {
                throw new IllegalStateException("injected: relay crash after acks");
            }
        });
        AtomicInteger consumerCrashes = new AtomicInteger();
        hooks.afterCommit(() -> {
            if (consumerCrashes.incrementAndGet() <= 2) {
                throw new IllegalStateException("injected: crash after commit, before offsets");
            }
        });

        bob.as().put("/api/accounts/" + ada.handle() + "/follow").then().statusCode(200);
        bob.as().put("/api/posts/" + post + "/like").then().statusCode(200);
        bob.as().put("/api/posts/" + post + "/repost").then().statusCode(200);
        long reply = bob.as().body(Map.of("text", "@" + ada.handle() + " agreed", "replyTo", post)).post("/api/posts")
                .then().statusCode(201).extract().jsonPath().getLong("id");
        long quote = bob.as().body(Map.of("text", "look at this", "quoteOf", post)).post("/api/posts")
                .then().statusCode(201).extract().jsonPath().getLong("id");
        long mention = Api.post(bob, "hello @" + ada.handle() + " and @" + ada.handle());
        long tip = bob.as().header("Idempotency-Key", "n-1").body(Map.of("post", post, "amount", "1.5")).post("/api/tips")
                .then().statusCode(201).extract().jsonPath().getLong("id");

        awaitConsumed();
        assertThat(relayCrashes.get()).isGreaterThan(2);
        assertThat(consumerCrashes.get()).isGreaterThan(2);
        JsonPath page = notifications(ada);
        assertThat(page.getList("items.kind")).containsExactlyInAnyOrder("FOLLOW", "LIKE", "REPOST", "REPLY", "QUOTE", "MENTION", "TIP");
        assertThat(page.getList("items.actorCount", Integer.class)).containsOnly(1);
        assertThat(page.getList("items.actors[0].handle")).containsOnly(bob.handle());
        assertThat(page.getList("items.read", Boolean.class)).containsOnly(false);
        assertThat(item(page, "LIKE").get("postId")).isEqualTo((int) post);
        assertThat(item(page, "REPOST").get("postId")).isEqualTo((int) post);
        assertThat(item(page, "REPLY").get("postId")).isEqualTo((int) reply);
        assertThat(item(page, "QUOTE").get("postId")).isEqualTo((int) quote);
        assertThat(item(page, "MENTION").get("postId")).isEqualTo((int) mention);
        assertThat(item(page, "TIP").get("tipId")).isEqualTo((int) tip);
        assertThat(item(page, "TIP").get("amount")).isEqualTo(1_500_000);
        ada.as().get("/api/notifications/unread-count").then().statusCode(200).body("unread", equalTo(7));
        // Every page's chrome shows the same count in its badge.
        assertThat(FormSession.logIn(ada).get().get("/search").then().statusCode(200).extract().asString())
                .containsPattern("id=\"unread\"\\s+aria-label=\"7 unread\">7</span>");
        Map<String, Long> rows = rows(ada.id());

        // Every topic again from offset zero: nothing new.
        List<ConsumerRecord<String, String>> all = readWholeTopics();
        for (int i = 0; i < all.size(); i += 200) {
            applier.apply(all.subList(i, Math.min(all.size(), i + 200)));
        }
        assertThat(rows(ada.id())).isEqualTo(rows);

        // Trend credits and settled earnings, each delivered twice.
        String trendId = UUID.randomUUID().toString();
        TrendCreditEvent credit = new TrendCreditEvent(1, trendId, "wave", ada.id(), 42, 10_000, List.of("originator"),
                List.of("first"), 12.5, Instant.now());
        ConsumerRecord<String, String> creditRecord = record(Topics.ENGAGEMENTS, TrendCreditEvent.eventId(trendId, ada.id()),
                TrendCreditEvent.TYPE, credit);
        long batchId = 9_000_000L + ada.id();
        EarningsSettledEvent settled = new EarningsSettledEvent(1, batchId, 7, ada.id(), 2_500_000, Instant.now());
        ConsumerRecord<String, String> settledRecord = record(Topics.SETTLEMENTS, EarningsSettledEvent.eventId(batchId, ada.id()),
                EarningsSettledEvent.TYPE, settled);
        assertThat(applier.apply(List.of(creditRecord, settledRecord, creditRecord)).applied()).isEqualTo(2);
        assertThat(applier.apply(List.of(settledRecord, creditRecord)).applied()).isZero();
        page = notifications(ada);
        assertThat(page.getList("items.kind")).containsOnlyOnce("TREND_CREDIT", "EARNINGS_SETTLED");
        assertThat(item(page, "TREND_CREDIT")).containsEntry("trendId", trendId).containsEntry("tag", "wave").containsEntry("amount", 42);
        assertThat(item(page, "TREND_CREDIT").get("actors")).isEqualTo(List.of());
        assertThat(item(page, "EARNINGS_SETTLED")).containsEntry("batchId", (int) batchId).containsEntry("amount", 2_500_000);
        ada.as().get("/api/notifications/unread-count").then().body("unread", equalTo(9));
        // The web page says what each is worth and links to it; nobody acted on a credit or a settlement.
        assertThat(FormSession.logIn(ada).get().get("/notifications").then().statusCode(200).extract().asString())
                .contains("tipped you 1.5 tokens",
                        "You earned 42 credits from a trend: <a href=\"/trends/" + trendId + "\">#wave</a>",
                        "<a href=\"/earnings\">2.5 tokens of your earnings were settled on chain</a>",
                        "aria-label=\"You earned 42 credits from a trend: #wave\"")
                .doesNotContain("Someone");
    }

    @Test
    void shouldNotNotifyFromBlockedOrMutedAccounts() {
        Api.User ada = Api.newUser("ada");
        Api.User muted = Api.newUser("muted");
        Api.User blocked = Api.newUser("blocked");
        Api.User friend = Api.newUser("friend");
        long post = Api.post(ada, "quiet please");
        ada.as().put("/api/accounts/" + muted.handle() + "/mute").then().statusCode(200);
        ada.as().put("/api/accounts/" + blocked.handle() + "/block").then().statusCode(200);

        muted.as().put("/api/accounts/" + ada.handle() + "/follow").then().statusCode(200);
        muted.as().put("/api/posts/" + post + "/like").then().statusCode(200);
        muted.as().body(Map.of("text", "replying anyway", "replyTo", post)).post("/api/posts").then().statusCode(201);
        Api.post(muted, "hey @" + ada.handle());
        Api.post(blocked, "hey @" + ada.handle()); // a block keeps the mention out, though the post itself is allowed
        friend.as().put("/api/posts/" + post + "/like").then().statusCode(200);

        awaitConsumed();
        JsonPath page = notifications(ada);
        assertThat(page.getList("items.kind")).containsExactly("LIKE");
        assertThat(page.getList("items[0].actors.handle")).containsExactly(friend.handle());
        assertThat(page.getInt("items[0].actorCount")).isEqualTo(1);
    }

    @Test
    void shouldGroupLikesAndFollowsWhileUnreadAndStartAgainOnceRead() {
        Api.User ada = Api.newUser("ada");
        long post = Api.post(ada, "group me");
        List<Api.User> fans = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Api.User fan = Api.newUser("fan");
            fans.add(fan);
            fan.as().put("/api/posts/" + post + "/like").then().statusCode(200);
            awaitConsumed(); // one at a time, so the order of the actors is known
        }
        fans.get(0).as().put("/api/accounts/" + ada.handle() + "/follow").then().statusCode(200);
        fans.get(1).as().put("/api/accounts/" + ada.handle() + "/follow").then().statusCode(200);
        awaitConsumed();

        JsonPath page = notifications(ada);
        assertThat(page.getList("items.kind")).containsExactly("FOLLOW", "LIKE");
        assertThat(page.getInt("items[1].actorCount")).isEqualTo(4);
        assertThat(page.getList("items[1].actors.handle"))
                .containsExactly(fans.get(3).handle(), fans.get(2).handle(), fans.get(1).handle()); // the three most recent
        assertThat(page.getList("items[1].actors.displayName")).first().isEqualTo("User " + fans.get(3).handle());
        assertThat(page.getInt("items[0].actorCount")).isEqualTo(2);
        ada.as().get("/api/notifications/unread-count").then().body("unread", equalTo(2));

        ada.as().post("/api/notifications/read").then().statusCode(200).body("unread", equalTo(0));
        ada.as().get("/api/notifications/unread-count").then().body("unread", equalTo(0));
        assertThat(notifications(ada).getList("items.read", Boolean.class)).containsOnly(true);

        Api.User late = Api.newUser("late");
        late.as().put("/api/posts/" + post + "/like").then().statusCode(200);
        awaitConsumed();
        page = notifications(ada);
        assertThat(page.getList("items.kind")).containsExactly("LIKE", "FOLLOW", "LIKE");
        assertThat(page.getList("items.read", Boolean.class)).containsExactly(false, true, true);
        assertThat(page.getList("items[0].actors.handle")).containsExactly(late.handle());
        ada.as().get("/api/notifications/unread-count").then().body("unread", equalTo(1));
    }

    @Test
    void shouldTakeBackWhatWasUndoneSoTheCountDoesNotMislead() {
        Api.User ada = Api.newUser("ada");
        Api.User bob = Api.newUser("bob");
        Api.User cat = Api.newUser("cat");
        long post = Api.post(ada, "undo me");
        bob.as().put("/api/posts/" + post + "/like").then().statusCode(200);
        cat.as().put("/api/posts/" + post + "/like").then().statusCode(200);
        bob.as().put("/api/accounts/" + ada.handle() + "/follow").then().statusCode(200);
        long reply = bob.as().body(Map.of("text", "a reply", "replyTo", post)).post("/api/posts")
                .then().statusCode(201).extract().jsonPath().getLong("id");
        awaitConsumed();
        ada.as().get("/api/notifications/unread-count").then().body("unread", equalTo(3));

        bob.as().delete("/api/posts/" + post + "/like").then().statusCode(200);
        bob.as().delete("/api/accounts/" + ada.handle() + "/follow").then().statusCode(200);
        bob.as().delete("/api/posts/" + reply).then().statusCode(anyOf2xx());
        awaitConsumed();
        JsonPath page = notifications(ada);
        assertThat(page.getList("items.kind")).containsExactly("LIKE");
        assertThat(page.getList("items[0].actors.handle")).containsExactly(cat.handle());
        assertThat(page.getInt("items[0].actorCount")).isEqualTo(1);
        ada.as().get("/api/notifications/unread-count").then().body("unread", equalTo(1));

        cat.as().delete("/api/posts/" + post + "/like").then().statusCode(200);
        awaitConsumed();
        assertThat(notifications(ada).getList("items")).isEmpty();
        ada.as().get("/api/notifications/unread-count").then().body("unread", equalTo(0));
    }

    @Test
    void shouldApplyABatchAsItsEventsOneByOne() throws Exception {
        // The consumer queues a batch's writes and sends them as JDBC batches: undos and redos of the
        // same groups inside one batch must come out as they do one event at a time.
        Api.User ada = Api.newUser("ada");
        Api.User twin = Api.newUser("twin");
        Api.User quiet = Api.newUser("quiet");
        Api.User bob = Api.newUser("bob");
        Api.User cat = Api.newUser("cat");
        Api.User dan = Api.newUser("dan");
        long post = 7_000_000_000L + ada.id();
        Instant t = Instant.now().minusSeconds(60);

        List<ConsumerRecord<String, String>> batch = undoAndRedo(ada.id(), post, bob.id(), cat.id(), dan.id(), t);
        // An unlike of a like that never became a notification changes nothing for its creator.
        batch.add(engagement(EngagementEvent.Kind.LIKE, EngagementEvent.Action.REMOVED, bob.id(), quiet.id(), post + 9, t));
        NotificationApplier.Result result = applier.apply(batch);
        assertThat(result.applied()).isEqualTo(batch.size());
        assertThat(result.changedAccounts()).isEqualTo(1); // ada, not quiet
        for (ConsumerRecord<String, String> one : undoAndRedo(twin.id(), post, bob.id(), cat.id(), dan.id(), t)) {
            applier.apply(List.of(one));
        }

        Map<String, Long> rows = rows(ada.id());
        assertThat(rows).isEqualTo(rows(twin.id()));
        assertThat(rows).containsOnlyKeys(
                "LIKE " + post + " 0 0 true: " + Math.min(bob.id(), cat.id()) + "," + Math.max(bob.id(), cat.id()),
                "REPOST " + post + " 0 0 true: " + cat.id(),
                "FOLLOW 0 0 0 true: " + cat.id());
        JsonPath page = notifications(ada);
        assertThat(page.getList("items.kind")).containsExactly("FOLLOW", "REPOST", "LIKE");
        assertThat(page.getList("items[2].actors.handle")).containsExactly(bob.handle(), cat.handle()); // bob liked again, last
        ada.as().get("/api/notifications/unread-count").then().body("unread", equalTo(3));
        assertThat(rows(quiet.id())).isEmpty();
        assertThat(applier.apply(batch).applied()).isZero();
        assertThat(rows(ada.id())).isEqualTo(rows);
    }

    /** Likes, reposts, a reply and follows for {@code recipient}, each undone and some done again, a millisecond apart. */
    private List<ConsumerRecord<String, String>> undoAndRedo(long recipient, long post, long bob, long cat, long dan, Instant t)
            throws Exception {
        EngagementEvent.Kind like = EngagementEvent.Kind.LIKE;
        EngagementEvent.Kind repost = EngagementEvent.Kind.REPOST;
        EngagementEvent.Action added = EngagementEvent.Action.ADDED;
        EngagementEvent.Action removed = EngagementEvent.Action.REMOVED;
        List<ConsumerRecord<String, String>> records = new ArrayList<>(List.of(
                engagement(like, added, bob, recipient, post, t.plusMillis(1)),
                engagement(like, added, cat, recipient, post, t.plusMillis(2)),
                engagement(like, removed, bob, recipient, post, t.plusMillis(3)),
                engagement(like, added, bob, recipient, post, t.plusMillis(4)),
                engagement(like, added, dan, recipient, post, t.plusMillis(5)),
                engagement(like, removed, dan, recipient, post, t.plusMillis(6)),
                engagement(repost, added, cat, recipient, post, t.plusMillis(7)),
                engagement(repost, removed, cat, recipient, post, t.plusMillis(8)),
                engagement(repost, added, cat, recipient, post, t.plusMillis(9)),
                engagement(EngagementEvent.Kind.REPLY, added, dan, recipient, post, t.plusMillis(10)),
                engagement(EngagementEvent.Kind.REPLY, removed, dan, recipient, post, t.plusMillis(11))));
        records.add(record(Topics.SOCIAL, UUID.randomUUID(), FollowEvent.FOLLOWED, FollowEvent.of(dan, recipient, t.plusMillis(12))));
        records.add(record(Topics.SOCIAL, UUID.randomUUID(), FollowEvent.UNFOLLOWED, FollowEvent.of(dan, recipient, t.plusMillis(13))));
        records.add(record(Topics.SOCIAL, UUID.randomUUID(), FollowEvent.FOLLOWED, FollowEvent.of(cat, recipient, t.plusMillis(14))));
        return records;
    }

    /** An engagement with {@code post}; a reply's own post is {@code post + recipient}, as unique as the recipient. */
    private ConsumerRecord<String, String> engagement(EngagementEvent.Kind kind, EngagementEvent.Action action, long reader,
                                                     long recipient, long post, Instant at) throws Exception {
        Long source = kind == EngagementEvent.Kind.REPLY ? post + recipient : null;
        EngagementEvent e = EngagementEvent.of(kind, action, reader, at, 1L, recipient, post, source, at);
        return record(Topics.ENGAGEMENTS, UUID.randomUUID(), e.type(), e);
    }

    @Test
    void shouldPageNewestFirstWithCursors() {
        Api.User ada = Api.newUser("ada");
        Api.User bob = Api.newUser("bob");
        long post = Api.post(ada, "reply to me");
        List<Long> replies = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            replies.add(bob.as().body(Map.of("text", "reply " + i, "replyTo", post)).post("/api/posts")
                    .then().statusCode(201).extract().jsonPath().getLong("id"));
        }
        awaitConsumed();
        List<Long> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = ada.as().queryParam("limit", 2);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/api/notifications").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("items.postId", Long.class));
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(replies.reversed());
    }

    @Test
    void shouldRefuseBadInputAndAnonymousCallers() {
        Api.User ada = Api.newUser("ada");
        for (String limit : List.of("0", "101")) {
            ada.as().queryParam("limit", limit).get("/api/notifications").then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://murmur.dev/problems/validation-failed"))
                    .body("errors[0].field", equalTo("limit"));
        }
        ada.as().queryParam("cursor", "not-a-cursor!").get("/api/notifications").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("cursor"));
        given().get("/api/notifications").then().statusCode(401).contentType("application/problem+json");
        given().get("/api/notifications/unread-count").then().statusCode(401).contentType("application/problem+json");
        given().post("/api/notifications/read").then().statusCode(401).contentType("application/problem+json");
        given().get("/api/live").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2("not-a-token").get("/api/live").then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void shouldDescribeTheEndpointsWithTypedSchemas() {
        JsonPath api = given().get("/q/openapi?format=json").then().statusCode(200).extract().jsonPath();
        assertThat(api.getString("paths.'/api/notifications'.get.responses.'200'.content.'application/json'.schema.'$ref'"))
                .endsWith("/NotificationPage");
        assertThat(api.getMap("paths.'/api/notifications/unread-count'.get")).isNotNull();
        assertThat(api.getMap("paths.'/api/notifications/read'.post")).isNotNull();
        assertThat(api.getMap("paths.'/api/live'.get.responses.'200'.content")).containsKey("text/event-stream");
        assertThat(api.getMap("components.schemas.Notification.properties")).containsKeys("kind", "actors", "actorCount", "postId",
                "trendId", "batchId", "createdAt", "updatedAt", "read");
        assertThat(api.getList("components.schemas.NotificationKind.enum")).contains("LIKE", "FOLLOW", "EARNINGS_SETTLED");
    }

    // ---------------------------------------------------------------------------------------------

    private static org.hamcrest.Matcher<Integer> anyOf2xx() {
        return org.hamcrest.Matchers.both(org.hamcrest.Matchers.greaterThanOrEqualTo(200)).and(org.hamcrest.Matchers.lessThan(300));
    }

    private static JsonPath notifications(Api.User user) {
        return user.as().queryParam("limit", 100).get("/api/notifications").then().statusCode(200).extract().jsonPath();
    }

    private static Map<String, Object> item(JsonPath page, String kind) {
        List<Map<String, Object>> items = page.getList("items");
        return items.stream().filter(i -> kind.equals(i.get("kind"))).findFirst().orElseThrow();
    }

    /** Each notification row of the account with its actors, as "kind post trend batch tip amount: actor,actor". */
    private Map<String, Long> rows(long accountId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> list = em.createNativeQuery("""
                            select n.kind || ' ' || coalesce(n.post_id, 0) || ' ' || coalesce(n.tip_id, 0) || ' ' || coalesce(n.amount, 0)
                                   || ' ' || (n.read_at is null) || ': ' || coalesce(string_agg(a.actor_id::text, ',' order by a.actor_id), ''),
                                   count(a.actor_id)
                            from notification n left join notification_actor a on a.notification_id = n.id
                            where n.account_id = :a group by n.id""")
                    .setParameter("a", accountId).getResultList();
            Map<String, Long> rows = new HashMap<>();
            for (Object[] r : list) {
                assertThat(rows.put((String) r[0], ((Number) r[1]).longValue())).as("duplicate notification " + r[0]).isNull();
            }
            return rows;
        });
    }

    private ConsumerRecord<String, String> record(String topic, UUID id, String type, Object payload) throws Exception {
        ConsumerRecord<String, String> r = new ConsumerRecord<>(topic, 0, 0, "k", json.writeValueAsString(payload));
        r.headers().add(new RecordHeader("ce_id", id.toString().getBytes(StandardCharsets.UTF_8)));
        r.headers().add(new RecordHeader("ce_type", type.getBytes(StandardCharsets.UTF_8)));
        return r;
    }

    /** Waits until the outbox is published and the notification consumer has committed to the end of every topic it reads. */
    private void awaitConsumed() {
        await().atMost(PATIENCE).until(() -> count("outbox_event where published_at is null") == 0 && lag() == 0);
    }

    private long count(String from) {
        return QuarkusTransaction.requiringNew().call(() ->
                ((Number) em.createNativeQuery("select count(*) from " + from).getSingleResult()).longValue());
    }

    private long lag() throws Exception {
        try (KafkaConsumer<String, String> c = consumer("lag-probe-" + UUID.randomUUID());
             var admin = org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            List<TopicPartition> partitions = partitions(c);
            Map<TopicPartition, Long> ends = c.endOffsets(partitions);
            var committed = admin.listConsumerGroupOffsets("murmur-notifications").partitionsToOffsetAndMetadata().get();
            return partitions.stream().mapToLong(tp -> ends.get(tp) - (committed.get(tp) == null ? 0 : committed.get(tp).offset())).sum();
        }
    }

    private List<ConsumerRecord<String, String>> readWholeTopics() {
        try (KafkaConsumer<String, String> c = consumer("replay-" + UUID.randomUUID())) {
            List<TopicPartition> partitions = partitions(c);
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

    private static List<TopicPartition> partitions(KafkaConsumer<String, String> c) {
        Set<TopicPartition> all = new HashSet<>();
        for (String topic : TOPICS) {
            c.partitionsFor(topic).forEach(p -> all.add(new TopicPartition(p.topic(), p.partition())));
        }
        return List.copyOf(all);
    }

    private KafkaConsumer<String, String> consumer(String group) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer());
    }
}
