package dev.murmur;

import dev.murmur.chain.ChainClient;
import dev.murmur.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

@QuarkusTest
class OperationsTest {

    @Inject
    ChainClient chain;

    @Test
    void shouldReportReadinessOfDatabaseAndKafka() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Database connections health check", "Kafka connection health check"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void shouldExposeRequestAndBusinessMetrics() {
        Api.post(Api.newUser("metrics"), "counted");
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("murmur_posts_created_total"))
                .body(containsString("murmur_accounts_registered_total"))
                .body(containsString("http_server_requests_seconds_count"));
    }

    @Test
    void shouldPublishOpenApiAndSwaggerUi() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.'/api/posts'.post", org.hamcrest.Matchers.notNullValue())
                .body("paths.'/api/timelines/home'.get", org.hamcrest.Matchers.notNullValue());
        given().get("/q/swagger-ui/").then().statusCode(200);
    }

    @Test
    void shouldTalkToTheAnvilChain() {
        assertThat(chain.chainId()).isEqualTo(BigInteger.valueOf(31337));
        assertThat(chain.blockNumber()).isNotNegative();
        // Every call goes through the guarded transport, which times it by method and outcome.
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("murmur_chain_rpc_seconds_count{method=\"eth_blockNumber\",outcome=\"ok\""));
    }
}
