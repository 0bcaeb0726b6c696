package dev.murmur.problem;

import dev.murmur.testing.Api;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * When every connection of the pool stays busy for the whole acquisition timeout (a load spike), a
 * request gets 503 database-busy with a Retry-After, as problem+json, not a 500; and it changed nothing.
 * The test takes every connection of a small pool itself, so no request can get one.
 */
@QuarkusTest
@TestProfile(DatabaseBusyTest.SmallPool.class)
class DatabaseBusyTest {

    private static final int POOL = 3;

    public static class SmallPool implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.jdbc.max-size", String.valueOf(POOL),
                    "quarkus.datasource.jdbc.acquisition-timeout", "PT1S");
        }
    }

    @Inject
    AgroalDataSource dataSource;

    /** Every connection of the pool, taken by the test; background work may hold one briefly, so each is retried. */
    private List<Connection> takeEveryConnection() throws SQLException {
        List<Connection> held = new ArrayList<>();
        for (int attempt = 0; held.size() < POOL && attempt < 50; attempt++) {
            try {
                held.add(dataSource.getConnection());
            } catch (SQLException e) {
                // the pool is momentarily lent to a background job: try again
            }
        }
        assertThat(held).as("the test holds the whole pool").hasSize(POOL);
        return held;
    }

    private static void release(List<Connection> held) throws SQLException {
        for (Connection c : held) {
            c.close();
        }
    }

    @Test
    void shouldAnswerDatabaseBusyWithRetryAfterAndChangeNothingWhenNoConnectionFrees() throws SQLException {
        Api.User ada = Api.newUser("busy");
        Api.User bob = Api.newUser("busy");
        long post = Api.post(ada, "a post to like while the database is busy");

        List<Connection> held = takeEveryConnection();
        try {
            given().get("/api/trends").then().statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", "1")
                    .body("type", equalTo("https://murmur.dev/problems/database-busy"));
            given().auth().oauth2(bob.token()).put("/api/posts/" + post + "/like").then().statusCode(503)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://murmur.dev/problems/database-busy"));
        } finally {
            release(held);
        }

        given().get("/api/posts/" + post).then().statusCode(200).body("counts.likes", equalTo(0));
        bob.as().put("/api/posts/" + post + "/like").then().statusCode(200).body("liked", equalTo(true));
    }
}
