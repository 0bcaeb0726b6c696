package dev.murmur.moderation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.murmur.outbox.OutboxHooks;
import dev.murmur.outbox.Topics;
import dev.murmur.post.PostEvent;
import dev.murmur.testing.Api;
import dev.murmur.testing.DatabaseFingerprint;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Operators remove posts and suspend accounts: each decision that changes something writes its
 * moderation event to the outbox in the transaction that makes the change (the rows share one
 * PostgreSQL transaction id, xmin), a decision that changes nothing writes nothing, and bad input
 * changes nothing at all. The app's relay is held for each test: publishing updates an outbox row,
 * which would give it the relay's transaction id.
 */
@QuarkusTest
class OperatorModerationResourceTest {

    private static final String REMOVAL = "/api/operator/moderation/posts/%s/removal";
    private static final String ACCOUNT = "/api/operator/moderation/accounts/";
    private static final String LOG = "/api/operator/moderation/log";
    private static final List<String> PAYLOAD_FIELDS =
            List.of("schemaVersion", "action", "creatorId", "postId", "moderatorId", "reason", "occurredAt");

    @Inject
    DataSource db;
    @Inject
    ObjectMapper json;
    @Inject
    OutboxHooks relay;

    @BeforeEach
    void holdTheRelay() {
        relay.beforePass(() -> {
            throw new IllegalStateException("injected: relay held by OperatorModerationResourceTest");
        });
    }

    @AfterEach
    void releaseTheRelay() {
        relay.reset();
    }

    @Test
    void shouldRemoveAPostAndWriteItsTombstoneAndEventsInTheSameTransaction() throws Exception {
        Api.User op = operator();
        Api.User ada = Api.newUser("ada");
        Api.User bob = Api.newUser("bob");
        long post = Api.post(ada, "Buy followers here #spam" + ada.id());
        bob.as().put("/api/posts/" + post + "/like").then().statusCode(200);

        JsonPath decision = remove(op, post, "  sells fake followers  ").then().statusCode(200).extract().jsonPath();
        assertThat(decision.getString("action")).isEqualTo("POST_REMOVED");
        assertThat(decision.getLong("accountId")).isEqualTo(ada.id());
        assertThat(decision.getString("handle")).isEqualTo(ada.handle());
        assertThat(decision.getLong("postId")).isEqualTo(post);
        assertThat(decision.getLong("moderatorId")).isEqualTo(op.id());
        assertThat(decision.getString("moderatorHandle")).isEqualTo(op.handle());
        assertThat(decision.getString("reason")).isEqualTo("sells fake followers");
        Instant decidedAt = Instant.parse(decision.getString("decidedAt"));
        UUID eventId = UUID.fromString(decision.getString("eventId"));

        Map<String, Object> event = single("select topic, event_key, type, subject, payload, occurred_at, cast(xmin as text) as tx "
                + "from outbox_event where id = ?", eventId);
        assertThat(event.get("topic")).isEqualTo(Topics.ENGAGEMENTS);
        assertThat(event.get("event_key")).isEqualTo(Long.toString(ada.id()));
        assertThat(event.get("type")).isEqualTo(ModerationEvent.POST_REMOVED);
        assertThat(event.get("subject")).isEqualTo("post/" + post);
        assertThat(payload(event)).isEqualTo(new ModerationEvent(1, ModerationEvent.POST_REMOVED, ada.id(), post, op.id(),
                "sells fake followers", decidedAt));
        assertThat(fieldNames(event)).containsExactlyInAnyOrderElementsOf(PAYLOAD_FIELDS);

        // The tombstone, its post.deleted event and the log row were written by the same transaction.
        Map<String, Object> row = single("select deleted_at, removed_by_moderation_at, text, cast(xmin as text) as tx from post where id = ?", post);
        assertThat(row.get("text")).isEqualTo("");
        assertThat(((java.sql.Timestamp) row.get("removed_by_moderation_at")).toInstant()).isEqualTo(decidedAt);
        assertThat(((java.sql.Timestamp) row.get("deleted_at")).toInstant()).isEqualTo(decidedAt);
        Map<String, Object> deleted = single("select cast(xmin as text) as tx, event_key from outbox_event where type = ? and subject = ?",
                PostEvent.DELETED, "post/" + post);
        Map<String, Object> logged = single("select cast(xmin as text) as tx, event_id from moderation_action where post_id = ?", post);
        assertThat(logged.get("event_id")).isEqualTo(eventId);
        assertThat(List.of(row.get("tx"), deleted.get("tx"), logged.get("tx"))).containsOnly(event.get("tx"));
        assertThat(count("select count(*) from post_facet where post_id = ?", post)).isZero();

        given().get("/api/posts/" + post).then().statusCode(200).body("deleted", equalTo(true)).body("text", equalTo(""));
        // The author can no longer delete (it is gone) but is not refused either: nothing more is written.
        long before = count("select count(*) from outbox_event where subject = ?", "post/" + post);
        ada.as().delete("/api/posts/" + post).then().statusCode(204);
        assertThat(count("select count(*) from outbox_event where subject = ?", "post/" + post)).isEqualTo(before);
    }

    @Test
    void shouldTakeTheReplyCreditBackFromTheParentsAuthorWhenAReplyIsRemoved() {
        Api.User op = operator();
        Api.User ada = Api.newUser("ada");
        Api.User troll = Api.newUser("troll");
        long parent = Api.post(ada, "A quiet thought");
        long reply = troll.as().body(Map.of("text", "abuse", "replyTo", parent)).post("/api/posts")
                .then().statusCode(201).extract().jsonPath().getLong("id");
        long quote = troll.as().body(Map.of("text", "more abuse", "quoteOf", parent)).post("/api/posts")
                .then().statusCode(201).extract().jsonPath().getLong("id");

        UUID replyEvent = UUID.fromString(remove(op, reply, "harassment").then().statusCode(200).extract().path("eventId"));
        UUID quoteEvent = UUID.fromString(remove(op, quote, "harassment").then().statusCode(200).extract().path("eventId"));

        for (var removed : List.of(Map.entry(reply, replyEvent), Map.entry(quote, quoteEvent))) {
            Map<String, Object> moderation = single("select event_key, subject, cast(xmin as text) as tx from outbox_event where id = ?",
                    removed.getValue());
            assertThat(moderation.get("event_key")).isEqualTo(Long.toString(troll.id()));
            assertThat(moderation.get("subject")).isEqualTo("post/" + removed.getKey());
            // The engagement REMOVED event for the parent's author, keyed by who loses the credit (ada).
            Map<String, Object> engagement = single("""
                    select event_key, type, cast(xmin as text) as tx from outbox_event
                    where topic = ? and type like '%.removed' and type like 'dev.murmur.engagement.%'
                      and payload like ?""", Topics.ENGAGEMENTS, "%\"sourcePostId\":" + removed.getKey() + ",%");
            assertThat(engagement.get("event_key")).isEqualTo(Long.toString(ada.id()));
            assertThat(engagement.get("tx")).isEqualTo(moderation.get("tx"));
        }
        assertThat(count("select count(*) from outbox_event where type = ? and payload like ?",
                "dev.murmur.engagement.reply.removed", "%\"sourcePostId\":" + reply + ",%"))
                .isEqualTo(1);
        given().get("/api/posts/" + parent).then().statusCode(200).body("counts.replies", equalTo(0)).body("counts.quotes", equalTo(0));
    }

    @Test
    void shouldRemoveOncePostsRemovedTwiceAndStillReverseThePostsTheAuthorDeleted() {
        Api.User op = operator();
        Api.User other = operator();
        Api.User ada = Api.newUser("ada");
        long live = Api.post(ada, "Live and then removed twice");
        long deletedFirst = Api.post(ada, "Deleted by its author first");
        ada.as().delete("/api/posts/" + deletedFirst).then().statusCode(204);

        long firstId = remove(op, live, "spam").then().statusCode(200).extract().jsonPath().getLong("id");
        // A second removal, by another operator with another reason, returns the first decision.
        remove(other, live, "also spam").then().statusCode(200)
                .body("id", equalTo((int) firstId)).body("moderatorId", equalTo((int) op.id())).body("reason", equalTo("spam"));
        assertThat(count("select count(*) from outbox_event where type = ? and subject = ?", ModerationEvent.POST_REMOVED, "post/" + live))
                .isEqualTo(1);
        assertThat(count("select count(*) from outbox_event where type = ? and subject = ?", PostEvent.DELETED, "post/" + live))
                .isEqualTo(1);
        assertThat(count("select count(*) from moderation_action where post_id = ?", live)).isEqualTo(1);

        // The author's delete left the credits of the post standing: moderation still reverses them,
        // without a second tombstone (no second post.deleted).
        remove(op, deletedFirst, "spam").then().statusCode(200).body("action", equalTo("POST_REMOVED"));
        remove(op, deletedFirst, "spam").then().statusCode(200);
        assertThat(count("select count(*) from outbox_event where type = ? and subject = ?", ModerationEvent.POST_REMOVED,
                "post/" + deletedFirst)).isEqualTo(1);
        assertThat(count("select count(*) from outbox_event where type = ? and subject = ?", PostEvent.DELETED, "post/" + deletedFirst))
                .isEqualTo(1);
        assertThat(count("select count(*) from post where id = ? and removed_by_moderation_at is not null", deletedFirst)).isEqualTo(1);
    }

    @Test
    void shouldSuspendAndReinstateAnAccountWithOneEventPerChange() throws Exception {
        Api.User op = operator();
        Api.User ada = Api.newUser("ada");

        JsonPath suspended = suspend(op, ada.handle(), true, "ban evasion").then().statusCode(200).extract().jsonPath();
        assertThat(suspended.getBoolean("suspended")).isTrue();
        assertThat(suspended.getLong("accountId")).isEqualTo(ada.id());
        assertThat(suspended.getString("decision.action")).isEqualTo("ACCOUNT_SUSPENDED");
        Instant at = Instant.parse(suspended.getString("suspendedAt"));
        assertThat(Instant.parse(suspended.getString("decision.decidedAt"))).isEqualTo(at);
        UUID eventId = UUID.fromString(suspended.getString("decision.eventId"));
        Map<String, Object> event = single("select topic, event_key, type, subject, payload, cast(xmin as text) as tx from outbox_event where id = ?", eventId);
        assertThat(event.get("topic")).isEqualTo(Topics.ENGAGEMENTS);
        assertThat(event.get("event_key")).isEqualTo(Long.toString(ada.id()));
        assertThat(event.get("type")).isEqualTo(ModerationEvent.ACCOUNT_SUSPENDED);
        assertThat(event.get("subject")).isEqualTo("account/" + ada.id());
        assertThat(payload(event)).isEqualTo(new ModerationEvent(1, ModerationEvent.ACCOUNT_SUSPENDED, ada.id(), null, op.id(),
                "ban evasion", at));
        assertThat(single("select cast(xmin as text) as tx from account where id = ?", ada.id()).get("tx")).isEqualTo(event.get("tx"));

        // Suspending a suspended account changes nothing, even its suspension time.
        suspend(op, ada.handle(), true, "again").then().statusCode(200)
                .body("suspended", equalTo(true)).body("decision", equalTo(null)).body("suspendedAt", equalTo(suspended.getString("suspendedAt")));
        assertThat(accountEvents(ada.id(), ModerationEvent.ACCOUNT_SUSPENDED)).isEqualTo(1);

        JsonPath reinstated = suspend(op, ada.handle().toUpperCase(), false, "appeal upheld").then().statusCode(200).extract().jsonPath();
        assertThat(reinstated.getBoolean("suspended")).isFalse();
        assertThat(reinstated.getString("suspendedAt")).isNull();
        assertThat(reinstated.getString("decision.action")).isEqualTo("ACCOUNT_REINSTATED");
        Map<String, Object> back = single("select type, payload from outbox_event where id = ?", UUID.fromString(reinstated.getString("decision.eventId")));
        assertThat(payload(back).action()).isEqualTo(ModerationEvent.ACCOUNT_REINSTATED);
        assertThat(payload(back).reason()).isEqualTo("appeal upheld");
        suspend(op, ada.handle(), false, "again").then().statusCode(200).body("decision", equalTo(null));
        assertThat(accountEvents(ada.id(), ModerationEvent.ACCOUNT_REINSTATED)).isEqualTo(1);
        assertThat(count("select count(*) from account where id = ? and moderated_at is null", ada.id())).isEqualTo(1);
    }

    @Test
    void shouldWriteTheSuspensionEventWhenTheTrendEndpointExcludesAnAccount() throws Exception {
        Api.User op = operator();
        Api.User ada = Api.newUser("ada");
        op.as().body(Map.of("excluded", true)).put("/api/operator/trends/accounts/" + ada.handle())
                .then().statusCode(200).body("excluded", equalTo(true));
        Map<String, Object> event = single("select payload from outbox_event where event_key = ? and type = ?",
                Long.toString(ada.id()), ModerationEvent.ACCOUNT_SUSPENDED);
        assertThat(payload(event).moderatorId()).isEqualTo(op.id());
        assertThat(payload(event).reason()).isEqualTo("excluded from trend counting by an operator");
        assertThat(count("select count(*) from account where id = ? and moderated_at is not null", ada.id())).isEqualTo(1);

        // The same flag: suspending through moderation now changes nothing; excluding again neither.
        suspend(op, ada.handle(), true, "spam").then().statusCode(200).body("decision", equalTo(null));
        op.as().body(Map.of("excluded", true)).put("/api/operator/trends/accounts/" + ada.handle()).then().statusCode(200);
        assertThat(accountEvents(ada.id(), ModerationEvent.ACCOUNT_SUSPENDED)).isEqualTo(1);

        op.as().body(Map.of("excluded", false)).put("/api/operator/trends/accounts/" + ada.handle())
                .then().statusCode(200).body("excluded", equalTo(false));
        assertThat(accountEvents(ada.id(), ModerationEvent.ACCOUNT_REINSTATED)).isEqualTo(1);
        assertThat(count("select count(*) from account where id = ? and moderated_at is null", ada.id())).isEqualTo(1);

        Api.User nobody = Api.newUser("nobody");
        String before = DatabaseFingerprint.of(db);
        nobody.as().body(Map.of("excluded", true)).put("/api/operator/trends/accounts/" + ada.handle())
                .then().statusCode(403).contentType("application/problem+json");
        op.as().body(Map.of("excluded", true)).put("/api/operator/trends/accounts/no_such_" + ada.id())
                .then().statusCode(404).contentType("application/problem+json");
        assertThat(DatabaseFingerprint.of(db)).isEqualTo(before);
    }

    @Test
    void shouldListEveryDecisionNewestFirstInPages() {
        Api.User op = operator();
        Api.User ada = Api.newUser("ada");
        long post = Api.post(ada, "To be removed");
        remove(op, post, "first").then().statusCode(200);
        suspend(op, ada.handle(), true, "second").then().statusCode(200);
        suspend(op, ada.handle(), false, "third").then().statusCode(200);
        suspend(op, ada.handle(), false, "changes nothing, not logged").then().statusCode(200);

        JsonPath first = op.as().get(LOG + "?limit=2").then().statusCode(200).extract().jsonPath();
        assertThat(first.getList("items.reason", String.class)).containsExactly("third", "second");
        assertThat(first.getList("items.action", String.class)).containsExactly("ACCOUNT_REINSTATED", "ACCOUNT_SUSPENDED");
        assertThat(first.getString("items[0].moderatorHandle")).isEqualTo(op.handle());
        assertThat(first.getString("items[0].handle")).isEqualTo(ada.handle());
        assertThat(first.getString("items[0].postId")).isNull();
        String cursor = first.getString("nextCursor");
        assertThat(cursor).isNotBlank();

        JsonPath second = op.as().get(LOG + "?limit=2&cursor=" + cursor).then().statusCode(200).extract().jsonPath();
        assertThat(second.getString("items[0].reason")).isEqualTo("first");
        assertThat(second.getString("items[0].action")).isEqualTo("POST_REMOVED");
        assertThat(second.getLong("items[0].postId")).isEqualTo(post);
        assertThat(Instant.parse(second.getString("items[0].decidedAt")))
                .isBeforeOrEqualTo(Instant.parse(first.getString("items[1].decidedAt")));

        // Admins may moderate and read the log too.
        given().auth().oauth2(Api.login("admin", "murmur-admin-test")).get(LOG + "?limit=1")
                .then().statusCode(200).body("items[0].reason", equalTo("third"));
    }

    @Test
    void shouldRefuseBadInputAndOtherRolesWithAProblemAndChangeNothing() {
        Api.User op = operator();
        Api.User auditor = Api.newUserWithRole("aud", "AUDITOR");
        Api.User ada = Api.newUser("ada");
        long post = Api.post(ada, "Stays");
        long own = Api.post(op, "The operator's own");
        ada.as().put("/api/posts/" + post + "/repost").then().statusCode(200);
        long repost = given().get("/api/timelines/profile/" + ada.handle()).then().statusCode(200)
                .extract().jsonPath().getLong("items.find { it.kind == 'REPOST' }.id");
        String removal = REMOVAL.formatted(post);

        record Case(String name, Supplier<Response> send, int status, String type) {
        }
        List<Case> cases = List.of(
                new Case("user removes", () -> ada.as().body(Map.of("reason", "x")).post(REMOVAL.formatted(own)), 403, "forbidden"),
                new Case("auditor suspends", () -> auditor.as().body(Map.of("suspended", true, "reason", "x")).put(ACCOUNT + ada.handle()), 403, "forbidden"),
                new Case("user reads the log", () -> ada.as().get(LOG), 403, "forbidden"),
                new Case("anonymous removes", () -> given().contentType(ContentType.JSON).body(Map.of("reason", "x")).post(removal), 401, "unauthenticated"),
                new Case("no reason", () -> op.as().body(Map.of()).post(removal), 400, "validation-failed"),
                new Case("null reason", () -> op.as().body("{\"reason\": null}").post(removal), 400, "validation-failed"),
                new Case("blank reason", () -> op.as().body(Map.of("reason", " \u200b ")).post(removal), 400, "validation-failed"),
                new Case("reason too long", () -> op.as().body(Map.of("reason", "x".repeat(301))).post(removal), 400, "validation-failed"),
                new Case("reason with NUL", () -> op.as().body(Map.of("reason", "a\u0000b")).post(removal), 400, "validation-failed"),
                new Case("reason a number", () -> op.as().body("{\"reason\": 42}").post(removal), 400, "wrong-json-type"),
                new Case("unknown field", () -> op.as().body(Map.of("reason", "x", "severity", 3)).post(removal), 400, "validation-failed"),
                new Case("no body", () -> op.as().post(removal), 400, "validation-failed"),
                new Case("not JSON", () -> op.as().body("{reason").post(removal), 400, "malformed-json"),
                new Case("text body", () -> given().auth().oauth2(op.token()).contentType(ContentType.TEXT).body("spam").post(removal), 415, "unsupported-media-type"),
                new Case("unknown post", () -> op.as().body(Map.of("reason", "x")).post(REMOVAL.formatted(Long.MAX_VALUE)), 404, "not-found"),
                new Case("non-numeric post id", () -> op.as().body(Map.of("reason", "x")).post(REMOVAL.formatted("abc")), 404, "not-found"),
                new Case("a repost", () -> op.as().body(Map.of("reason", "x")).post(REMOVAL.formatted(repost)), 400, "validation-failed"),
                new Case("own post", () -> op.as().body(Map.of("reason", "x")).post(REMOVAL.formatted(own)), 422, "self-action"),
                new Case("GET removal", () -> op.as().get(removal), 405, "method-not-allowed"),
                new Case("suspended missing", () -> op.as().body(Map.of("reason", "x")).put(ACCOUNT + ada.handle()), 400, "validation-failed"),
                new Case("suspended a string", () -> op.as().body(Map.of("suspended", "yes", "reason", "x")).put(ACCOUNT + ada.handle()), 400, "wrong-json-type"),
                new Case("suspension without reason", () -> op.as().body(Map.of("suspended", true)).put(ACCOUNT + ada.handle()), 400, "validation-failed"),
                new Case("reinstatement without reason", () -> op.as().body(Map.of("suspended", false)).put(ACCOUNT + ada.handle()), 400, "validation-failed"),
                new Case("unknown account", () -> op.as().body(Map.of("suspended", true, "reason", "x")).put(ACCOUNT + "nobody_" + ada.id()), 404, "not-found"),
                new Case("malformed handle", () -> op.as().body(Map.of("suspended", true, "reason", "x")).put(ACCOUNT + "a!"), 404, "not-found"),
                new Case("suspend yourself", () -> op.as().body(Map.of("suspended", true, "reason", "x")).put(ACCOUNT + op.handle()), 422, "self-action"),
                new Case("limit 0", () -> op.as().get(LOG + "?limit=0"), 400, "validation-failed"),
                new Case("limit 101", () -> op.as().get(LOG + "?limit=101"), 400, "validation-failed"),
                new Case("foreign cursor", () -> op.as().get(LOG + "?cursor=bm90LWEtY3Vyc29y"), 400, "validation-failed"));

        List<String> failures = new ArrayList<>();
        for (Case c : cases) {
            String before = DatabaseFingerprint.of(db);
            Response response = c.send().get();
            String type = response.getContentType().startsWith("application/problem+json") ? response.jsonPath().getString("type") : null;
            if (response.statusCode() != c.status() || !("https://murmur.dev/problems/" + c.type()).equals(type)) {
                failures.add(c.name() + ": " + response.statusCode() + " " + response.getContentType() + " " + response.asString());
            }
            if (!DatabaseFingerprint.of(db).equals(before)) {
                failures.add(c.name() + ": changed the database");
            }
        }
        assertThat(failures).isEmpty();
        assertThat(count("select count(*) from post where id = ? and deleted_at is null", post)).isEqualTo(1);
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static Api.User operator() {
        return Api.newUserWithRole("op", "OPERATOR");
    }

    private static Response remove(Api.User moderator, long postId, String reason) {
        return moderator.as().body(Map.of("reason", reason)).post(REMOVAL.formatted(postId));
    }

    private static Response suspend(Api.User moderator, String handle, boolean suspended, String reason) {
        return moderator.as().body(Map.of("suspended", suspended, "reason", reason)).put(ACCOUNT + handle);
    }

    private ModerationEvent payload(Map<String, Object> event) throws Exception {
        return json.readValue((String) event.get("payload"), ModerationEvent.class);
    }

    private List<String> fieldNames(Map<String, Object> event) throws Exception {
        JsonNode node = json.readTree((String) event.get("payload"));
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private long accountEvents(long accountId, String type) {
        return count("select count(*) from outbox_event where type = ? and subject = ?", type, "account/" + accountId);
    }

    private long count(String sql, Object... params) {
        return ((Number) single(sql, params).values().iterator().next()).longValue();
    }

    private Map<String, Object> single(String sql, Object... params) {
        List<Map<String, Object>> rows = rows(sql, params);
        assertThat(rows).as(sql).hasSize(1);
        return rows.getFirst();
    }

    private List<Map<String, Object>> rows(String sql, Object... params) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
