package dev.murmur.process;

import dev.murmur.chain.ChainClient;
import dev.murmur.chain.ChainException;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
            // The test profile gives every run anvil's operator key; an api process must be started without it.
            return Map.of("murmur.role", "api", "murmur.chain.operator-key", "");
        }
    }

    @Inject
    PipelineProbe probe;
    @Inject
    ChainClient chain;
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
                .body(process + ".data.settlement-driver", equalTo(false))
                .body(process + ".data.chain-listener", equalTo(false))
                .body(process + ".data.operator-key", equalTo(false))
                .body(process + ".data.notifications", equalTo(false))
                .body(process + ".data.live-push", equalTo(true));
    }

    @Test
    void shouldHoldNoChainKeyAndStillReadTheChain() {
        assertThat(chain.operatorAddress()).isNull();
        assertThat(chain.lastBatchId()).isGreaterThanOrEqualTo(0); // public reads work without a key
        assertThatThrownBy(() -> chain.signSettle(1, "0x" + "11".repeat(32), java.math.BigInteger.ONE, java.math.BigInteger.ZERO, "0x" + "22".repeat(32), 0,
                java.util.Optional.empty())).isInstanceOf(ChainException.class).hasMessageContaining("no signing key");
        assertThatThrownBy(() -> chain.veto(1)).isInstanceOf(ChainException.class).hasMessageContaining("no signing key");
        // Funding from the operator key needs the settler, even where dev funding is on.
        Api.User operator = Api.newUserWithRole("op", "OPERATOR");
        operator.as().body(Map.of("amount", 1)).post("/api/operator/settlement/fund").then().statusCode(409)
                .contentType("application/problem+json").body("type", org.hamcrest.Matchers.endsWith("/funding-disabled"));
    }
}
