package dev.murmur.process;

import dev.murmur.account.service.AccountService;
import dev.murmur.like.service.LikeService;
import dev.murmur.ledger.LedgerQueries;
import dev.murmur.ledger.LedgerAccounts;
import dev.murmur.payout.EngagementConsumer;
import dev.murmur.post.service.PostService;
import dev.murmur.testing.Api;
import dev.murmur.testing.PipelineProbe;
import dev.murmur.trend.service.TrendConsumer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * A process in the worker role (what {@code ./murmur worker} starts), against the real database
 * and broker: it does not serve the HTTP API, it stays observable, and it runs the payout worker.
 */
@QuarkusTest
@TestProfile(WorkerRoleTest.WorkerRole.class)
class WorkerRoleTest {

    public static class WorkerRole implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("murmur.role", "worker", "murmur.chain.operator-key", ""); // a worker holds no chain key
        }
    }

    private static final int LIKE = 2; // murmur.reward.weights.like (default)
    private static final String NOT_SERVED_HERE = "https://murmur.dev/problems/not-served-here";

    @Inject
    PipelineProbe probe;
    @Inject
    AccountService accounts;
    @Inject
    PostService posts;
    @Inject
    LikeService likes;
    @Inject
    LedgerQueries ledger;
    @Inject
    KafkaClientService kafka;

    @AfterEach
    void invariantsHold() {
        probe.assertLedgerInvariants();
    }

    @Test
    void shouldAnswerEveryApiRequestWithNotServedHere() {
        notServed(given().get("/api/timelines/hashtag/computing"), "/api/timelines/hashtag/computing");
        notServed(given().get("/api/no-such-endpoint"), "/api/no-such-endpoint");
        notServed(given().get("/api"), "/api");
        notServed(given().auth().oauth2("not-a-token").put("/api/posts/1/like"), "/api/posts/1/like");
        // Over the body limit: still not served, rather than 413.
        notServed(given().contentType(ContentType.JSON).body("{\"text\":\"" + "a".repeat(70_000) + "\"}")
                .post("/api/posts"), "/api/posts");

        // A well-formed registration is not served either: no account appears.
        String handle = Api.handle("nobody");
        notServed(given().contentType(ContentType.JSON)
                .body(Map.of("handle", handle, "displayName", "Nobody", "password", Api.PASSWORD))
                .post("/api/accounts"), "/api/accounts");
        assertThat(accounts.idsByHandle(List.of(handle))).isEmpty();
    }

    @Test
    void shouldNotServeTheWebAppEither() {
        for (String path : List.of("/", "/login", "/trends", "/assets/x/app.css")) {
            given().get(path).then().statusCode(404)
                    .contentType("application/problem+json")
                    .body("type", equalTo(NOT_SERVED_HERE))
                    .body("detail", containsString("does not serve the web app"));
        }
    }

    @Test
    void shouldKeepHealthAndMetricsServed() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        String process = "checks.find { it.name == '" + ProcessRoleCheck.NAME + "' }";
        given().get("/q/health").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body(process + ".status", equalTo("UP"))
                .body(process + ".data.role", equalTo("worker"))
                .body(process + ".data.http-api", equalTo(false))
                .body(process + ".data.payout-worker", equalTo(true))
                .body(process + ".data.trend-detector", equalTo(true))
                .body(process + ".data.outbox-relay", equalTo(true))
                .body(process + ".data.settlement-driver", equalTo(false))
                .body(process + ".data.chain-listener", equalTo(false))
                .body(process + ".data.notifications", equalTo(true))
                .body(process + ".data.live-push", equalTo(false))
                .body(process + ".data.operator-key", equalTo(false));
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_threads_live_threads"));
    }

    @Test
    void shouldApplyEngagementEventsAsThePayoutWorker() {
        assertThat(kafka.getConsumerChannels()).contains(EngagementConsumer.CHANNEL, TrendConsumer.CHANNEL,
                dev.murmur.notification.service.NotificationConsumer.CHANNEL);
        assertThat(kafka.getConsumerChannels()).doesNotContain(dev.murmur.notification.live.LiveConsumer.CHANNEL);

        // The state change is made through the service, as an API instance would; this process's
        // relay publishes it and its payout worker applies it.
        long creator = accounts.register(Api.handle("wc"), "Creator", Api.PASSWORD).id;
        long reader = accounts.register(Api.handle("wr"), "Reader", Api.PASSWORD).id;
        long post = posts.create(creator, new PostService.Draft("worked on by the worker", null, null), Optional.empty()).post().id;
        long mark = probe.outboxMark();
        likes.like(reader, post);
        List<UUID> ids = probe.engagementEventsSince(mark);
        assertThat(ids).hasSize(1);

        probe.awaitPublished(ids);
        probe.awaitProcessed(ids);
        assertThat(probe.count("select count(*) from journal_credit_line where event_id = any(cast(:ids as uuid[]))", ids))
                .isEqualTo(1);
        assertThat(ledger.balance(LedgerAccounts.creatorCredits(creator), LedgerAccounts.CREDIT)).isEqualTo(LIKE);
    }

    private static void notServed(io.restassured.response.Response response, String path) {
        ValidatableResponse then = response.then();
        then.statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo(NOT_SERVED_HERE))
                .body("title", equalTo("This instance does not serve the API"))
                .body("status", equalTo(404))
                .body("instance", equalTo(path))
                .body("detail", containsString("murmur.role=worker"));
    }
}
