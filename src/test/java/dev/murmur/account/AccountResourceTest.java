package dev.murmur.account;

import dev.murmur.account.security.SessionCookieMechanism;
import dev.murmur.common.Hashing;
import dev.murmur.testing.Api;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
class AccountResourceTest {

    @Inject
    EntityManager em;

    @Test
    void shouldRegisterLogInAndShowOwnProfile() {
        String handle = Api.handle("Ada");
        given().contentType(ContentType.JSON)
                .body(Map.of("handle", handle.toUpperCase(), "displayName", "  Ada Lovelace ", "password", Api.PASSWORD))
                .post("/api/accounts")
                .then().statusCode(201)
                .header("Location", notNullValue())
                .body("handle", equalTo(handle))
                .body("displayName", equalTo("Ada Lovelace"));

        String token = Api.login(handle.toUpperCase(), Api.PASSWORD);
        given().auth().oauth2(token).get("/api/accounts/me")
                .then().statusCode(200)
                .body("handle", equalTo(handle))
                .body("roles", contains("USER"))
                .body("followers", equalTo(0))
                .body("posts", equalTo(0));
    }

    @Test
    void shouldUpdateProfileAndCountFollowersFollowingAndPosts() {
        Api.User ada = Api.newUser("ada");
        Api.User bob = Api.newUser("bob");
        ada.as().body(Map.of("bio", "Poet of numbers")).patch("/api/accounts/me")
                .then().statusCode(200).body("bio", equalTo("Poet of numbers"));
        bob.as().put("/api/accounts/" + ada.handle() + "/follow")
                .then().statusCode(200).body("following", equalTo(true));
        Api.post(ada, "hello");
        Api.post(ada, "again");

        bob.as().get("/api/accounts/" + ada.handle())
                .then().statusCode(200)
                .body("followers", equalTo(1))
                .body("following", equalTo(0))
                .body("posts", equalTo(2))
                .body("bio", equalTo("Poet of numbers"))
                .body("relationship.following", equalTo(true));
        given().get("/api/accounts/" + bob.handle())
                .then().statusCode(200).body("following", equalTo(1));
    }

    @Test
    void shouldRevokeTokenOnLogout() {
        Api.User ada = Api.newUser("ada");
        ada.as().post("/api/auth/logout").then().statusCode(204);
        ada.as().get("/api/accounts/me")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .body("type", equalTo("https://murmur.dev/problems/invalid-token"));
    }

    /**
     * TokenSessions.resolve reads the token, its account and roles in one statement: a session works
     * only as a cookie, a bearer token only as a bearer token, each until it expires (decision 0702).
     */
    @Test
    void shouldAcceptATokenOnlyAsItsOwnKindAndOnlyUntilItExpires() {
        Api.User ada = Api.newUser("ada");
        String session = "session-of-" + ada.id() + "-".repeat(43);
        String sessionToken = session.substring(0, 43);
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                        insert into access_token (token_hash, account_id, expires_at, authenticated_at, kind)
                        values (:h, :a, now() + interval '1 hour', now(), 'SESSION')""")
                .setParameter("h", Hashing.sha256Hex(sessionToken)).setParameter("a", ada.id()).executeUpdate());

        given().cookie(SessionCookieMechanism.COOKIE, sessionToken).get("/api/accounts/me")
                .then().statusCode(200).body("handle", equalTo(ada.handle())).body("roles", contains("USER"));
        given().auth().oauth2(sessionToken).get("/api/accounts/me")
                .then().statusCode(401).contentType("application/problem+json");
        given().cookie(SessionCookieMechanism.COOKIE, ada.token()).get("/api/accounts/me")
                .then().statusCode(401).contentType("application/problem+json");
        ada.as().get("/api/accounts/me").then().statusCode(200).body("handle", equalTo(ada.handle()));

        // Cut short in the database, not by this process: its cached sessions go when PostgreSQL's
        // notification arrives (decision 1176), well within the cache's own 30 s lifetime.
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                        "update access_token set expires_at = now() - interval '1 second' where account_id = :a")
                .setParameter("a", ada.id()).executeUpdate());
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given().cookie(SessionCookieMechanism.COOKIE, sessionToken)
                .get("/api/accounts/me").then().statusCode(401).contentType("application/problem+json"));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> ada.as().get("/api/accounts/me")
                .then().statusCode(401).contentType("application/problem+json")
                .body("type", equalTo("https://murmur.dev/problems/invalid-token")));
    }

    @Test
    void shouldLetOnlyAdminsGrantRolesAndNeverToThemselves() {
        String admin = Api.login("admin", "murmur-admin-test");
        Api.User ada = Api.newUser("ada");

        given().auth().oauth2(admin).put("/api/accounts/" + ada.handle() + "/roles/operator")
                .then().statusCode(200).body("roles", hasItem("OPERATOR"));
        given().auth().oauth2(Api.login(ada.handle(), Api.PASSWORD)).get("/api/accounts/me")
                .then().body("roles", hasItem("OPERATOR"));

        given().auth().oauth2(admin).put("/api/accounts/admin/roles/auditor")
                .then().statusCode(403).body("type", equalTo("https://murmur.dev/problems/forbidden"));
        ada.as().put("/api/accounts/" + ada.handle() + "/roles/admin")
                .then().statusCode(403);
        given().auth().oauth2(admin).delete("/api/accounts/" + ada.handle() + "/roles/operator")
                .then().statusCode(200).body("roles", contains("USER"));
    }
}
