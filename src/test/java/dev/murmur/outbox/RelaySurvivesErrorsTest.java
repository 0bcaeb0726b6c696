package dev.murmur.outbox;

import dev.murmur.common.LoopGuard;
import dev.murmur.common.LoopReadiness;
import dev.murmur.testing.Api;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * The real outbox relay thread, hit by an Error (not a RuntimeException) on every pass: it keeps
 * running, counts each failure, turns readiness DOWN while the failures repeat, and publishes
 * everything once the fault is gone (LoopGuard, docs/decisions/0604-*).
 */
@QuarkusTest
class RelaySurvivesErrorsTest {

    private static final String LOOPS_CHECK = "checks.find { it.name == '" + LoopReadiness.NAME + "' }";

    @Inject
    OutboxHooks hooks;
    @Inject
    LoopGuard guard;
    @Inject
    MeterRegistry metrics;
    @Inject
    DataSource dataSource;

    @AfterEach
    void reset() {
        hooks.reset();
    }

    @Test
    void shouldSurviveErrorsReportNotReadyAndRecover() {
        double failuresBefore = failures();
        hooks.beforePass(() -> {
            throw new AssertionError("injected into the relay");
        });
        Api.User ada = Api.newUser("relay_err");
        long post = Api.post(ada, "written while the relay fails");

        await().atMost(Duration.ofSeconds(30)).until(() -> guard.failing().containsKey(OutboxRelay.LOOP));
        given().get("/q/health/ready").then().statusCode(503)
                .body(LOOPS_CHECK + ".status", equalTo("DOWN"))
                .body(LOOPS_CHECK + ".data." + OutboxRelay.LOOP, containsString(AssertionError.class.getName()));
        assertThat(failures() - failuresBefore).isGreaterThanOrEqualTo(3);
        assertThat(unpublished("post/" + post)).isTrue();

        hooks.reset();

        await().atMost(Duration.ofSeconds(30)).until(() -> !unpublished("post/" + post));
        assertThat(guard.failing()).doesNotContainKey(OutboxRelay.LOOP);
        given().get("/q/health/ready").then().body(LOOPS_CHECK + ".status", equalTo("UP"));
    }

    private double failures() {
        var counter = metrics.find("murmur.loop.failures").tag("loop", OutboxRelay.LOOP).counter();
        return counter == null ? 0 : counter.count();
    }

    private boolean unpublished(String subject) {
        try (Connection c = dataSource.getConnection();
             ResultSet rs = c.createStatement().executeQuery(
                     "select count(*) from outbox_event where published_at is null and subject = '" + subject + "'")) {
            rs.next();
            return rs.getLong(1) > 0;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
