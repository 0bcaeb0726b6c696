package dev.murmur.account.service;

import dev.murmur.account.AccessToken;
import dev.murmur.common.Hashing;
import dev.murmur.testing.Api;
import dev.murmur.testing.Sql;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * Sessions cached in the process (decision 1176) are never served once the database says otherwise:
 * this process's own logouts and role changes apply from the next request, another writer's changes
 * as soon as PostgreSQL's notification arrives (well within the cache's 30 s lifetime, so the
 * notification did it and not the expiry), and nothing is served while nobody listens.
 */
@QuarkusTest
class SessionCacheTest {

    private static final String OPERATOR_PAGE = "/api/operator/trends/tags";
    private static final Duration NOTIFIED_WITHIN = Duration.ofSeconds(5);

    @Inject
    SessionCache cache;
    @Inject
    DataSource db;

    private boolean cached(Api.User user) {
        return cache.get(Hashing.sha256Hex(user.token()), AccessToken.Kind.BEARER, Instant.now()).isPresent();
    }

    /** A request, then the cache holds the session: the listener may take a moment to listen after start-up. */
    private void cache(Api.User user) {
        await().atMost(NOTIFIED_WITHIN).untilAsserted(() -> {
            user.as().get("/api/accounts/me").then().statusCode(200);
            assertThat(cached(user)).isTrue();
        });
    }

    /** Runs {@code sql} as another process would: on a connection of its own, committed at once. */
    private void elsewhere(String sql, Object... parameters) throws SQLException {
        Sql.run(db, sql, parameters);
    }

    private long listenerPid() throws SQLException {
        return Sql.single(db, "select coalesce(max(pid), 0) from pg_stat_activity where application_name = 'murmur session invalidations'");
    }

    @Test
    void shouldRefuseATokenFromTheRequestAfterItsLogout() {
        Api.User ada = Api.newUser("cached");
        cache(ada);

        ada.as().post("/api/auth/logout").then().statusCode(204);

        assertThat(cached(ada)).isFalse();
        ada.as().get("/api/accounts/me").then().statusCode(401)
                .body("type", equalTo("https://murmur.dev/problems/invalid-token"));
    }

    @Test
    void shouldApplyARoleGrantedOrRevokedFromTheNextRequest() {
        Api.User ada = Api.newUser("roles");
        String admin = Api.login("admin", "murmur-admin-test");
        cache(ada);
        ada.as().get(OPERATOR_PAGE).then().statusCode(403);

        given().auth().oauth2(admin).put("/api/accounts/" + ada.handle() + "/roles/OPERATOR").then().statusCode(200);
        ada.as().get(OPERATOR_PAGE).then().statusCode(200);

        given().auth().oauth2(admin).delete("/api/accounts/" + ada.handle() + "/roles/OPERATOR").then().statusCode(200);
        ada.as().get(OPERATOR_PAGE).then().statusCode(403);
    }

    @Test
    void shouldForgetSessionsThatAnotherWriterChanged() throws SQLException {
        Api.User ada = Api.newUser("elsewhere");
        cache(ada);

        elsewhere("insert into account_role (account_id, role, granted_at) values (?, 'OPERATOR', now())", ada.id());
        await().atMost(NOTIFIED_WITHIN).untilAsserted(() -> ada.as().get(OPERATOR_PAGE).then().statusCode(200));

        cache(ada);
        elsewhere("update access_token set revoked_at = now() where token_hash = ?", Hashing.sha256Hex(ada.token()));
        await().atMost(NOTIFIED_WITHIN).untilAsserted(() -> assertThat(cached(ada)).isFalse());
        ada.as().get("/api/accounts/me").then().statusCode(401);
    }

    @Test
    void shouldServeNothingCachedBeforeItsListenerLostItsConnection() throws SQLException {
        Api.User ada = Api.newUser("unheard");
        cache(ada);
        long before = listenerPid();
        assertThat(before).isPositive();

        elsewhere("select pg_terminate_backend(?)", Math.toIntExact(before));

        // It listens again on a new connection, and what it cached before is gone: a change made
        // while nobody listened cannot be served from here.
        await().atMost(NOTIFIED_WITHIN).until(() -> listenerPid() != 0 && listenerPid() != before && cache.trusted());
        assertThat(cached(ada)).isFalse();
        cache(ada);
        elsewhere("update access_token set expires_at = now() - interval '1 second' where token_hash = ?",
                Hashing.sha256Hex(ada.token()));
        await().atMost(NOTIFIED_WITHIN).untilAsserted(() -> ada.as().get("/api/accounts/me").then().statusCode(401));
    }
}
