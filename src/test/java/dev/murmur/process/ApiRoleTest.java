package dev.murmur.process;

import dev.murmur.payout.EngagementConsumer;
import dev.murmur.testing.Api;
import dev.murmur.testing.PipelineProbe;
import dev.murmur.trend.service.TrendConsumer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * A process in the api role: it serves the HTTP API and publishes what the API writes, and it
 * consumes nothing from Kafka (the payout worker and the trend detector run elsewhere).
 */
@QuarkusTest
@TestProfile(ApiRoleTest.ApiRole.class)
class ApiRoleTest {

    public static class ApiRole implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("murmur.role", "api");
        }
    }

    @Inject
    PipelineProbe probe;
    @Inject
    KafkaClientService kafka;

    @Test
    void shouldServeTheApiAndPublishItsEventsWithoutConsumingAny() {
        assertThat(kafka.getConsumerChannels()).doesNotContain(EngagementConsumer.CHANNEL, TrendConsumer.CHANNEL,
                dev.murmur.notification.service.NotificationConsumer.CHANNEL);
        // The live push reads Kafka on every API instance (its own group, nothing committed).
        assertThat(kafka.getConsumerChannels()).contains(dev.murmur.notification.live.LiveConsumer.CHANNEL);

        Api.User ada = Api.newUser("ada");
        Api.User bob = Api.newUser("bob");
        long post = Api.post(ada, "served by the api role");
        long mark = probe.outboxMark();
        bob.as().put("/api/posts/" + post + "/like").then().statusCode(200).body("liked", equalTo(true));
        List<UUID> ids = probe.engagementEventsSince(mark);
        assertThat(ids).hasSize(1);
        probe.awaitPublished(ids); // this process's relay
    }

    @Test
    void shouldReportItsRoleOnHealth() {
        String process = "checks.find { it.name == '" + ProcessRoleCheck.NAME + "' }";
        given().get("/q/health").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body(process + ".data.role", equalTo("api"))
                .body(process + ".data.http-api", equalTo(true))
                .body(process + ".data.payout-worker", equalTo(false))
                .body(process + ".data.trend-detector", equalTo(false))
                .body(process + ".data.outbox-relay", equalTo(true))
                .body(process + ".data.settlement-driver", equalTo(true))
                .body(process + ".data.chain-listener", equalTo(true))
                .body(process + ".data.notifications", equalTo(false))
                .body(process + ".data.live-push", equalTo(true));
    }
}
