package dev.murmur.account;

import dev.murmur.account.service.AccountService;
import dev.murmur.common.Hashing;
import dev.murmur.testing.Api;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

/**
 * Nobody at Murmur redirects a creator's money alone (issue 12): the bootstrap admin is created once and
 * never re-promoted, sensitive actions need a recent password, each leaves an event the account sees, and
 * an auditor is neither operator nor admin.
 */
@QuarkusTest
class AccountSecurityTest {

    private static final String PROBLEMS = "https://murmur.dev/problems/";

    @Inject
    AccountService accounts;
    @Inject
    EntityManager em;

    private static String admin() {
        return Api.login("admin", "murmur-admin-test");
    }

    private java.util.List<Role> roles(long id) {
        return QuarkusTransaction.requiringNew().call(() -> accounts.roles(id));
    }

    /** The token proved its password an hour ago: older than the step-up window. */
    private void stale(Api.User user) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                        "update access_token set authenticated_at = now() - interval '1 hour' where token_hash = :h")
                .setParameter("h", Hashing.sha256Hex(user.token())).executeUpdate());
    }

    // ------------------------------------------------------------------ bootstrap admin

    @Test
    void shouldNeverPromoteAnExistingAccountThatHoldsTheBootstrapHandle() {
        Api.User squatter = Api.newUser("squat");
        assertThat(accounts.bootstrapAdmin(squatter.handle(), "some other password"))
                .isEqualTo(AccountService.BootstrapOutcome.HANDLE_TAKEN);
        assertThat(roles(squatter.id())).containsExactly(Role.USER);
        // Its password is still its own: the configured one does not log in.
        given().contentType("application/json").body(Map.of("handle", squatter.handle(), "password", "some other password"))
                .post("/api/auth/login").then().statusCode(401);
    }

    @Test
    void shouldCreateTheBootstrapAdminOnceAndKeepADemotedOneDemotedAfterARestart() {
        String handle = Api.handle("boot");
        assertThat(accounts.bootstrapAdmin(handle, "bootstrap password")).isEqualTo(AccountService.BootstrapOutcome.CREATED);
        String token = Api.login(handle, "bootstrap password");
        given().auth().oauth2(token).get("/api/accounts/me").then().statusCode(200);
        long id = given().auth().oauth2(token).get("/api/accounts/me").then().extract().jsonPath().getLong("id");
        assertThat(roles(id)).contains(Role.ADMIN);

        given().auth().oauth2(admin()).delete("/api/accounts/" + handle + "/roles/admin").then().statusCode(200);
        // A restart runs the bootstrap again: nothing changes.
        assertThat(accounts.bootstrapAdmin(handle, "bootstrap password")).isEqualTo(AccountService.BootstrapOutcome.ALREADY_CREATED);
        assertThat(roles(id)).containsExactly(Role.USER);
    }

    // ------------------------------------------------------------------ step-up and security events

    @Test
    void shouldAskForThePasswordAgainBeforeLinkingAWalletWithAnOldLogin() {
        Api.User ada = Api.newUser("ada");
        Credentials key = WalletProofTest.newKey();
        stale(ada);
        ada.as().body(Map.of("address", Keys.toChecksumAddress(key.getAddress()))).post("/api/wallets/challenge")
                .then().statusCode(403).contentType("application/problem+json").body("type", equalTo(PROBLEMS + "step-up-required"));
        ada.as().body(Map.of("nonce", "n", "signature", "0x00")).post("/api/wallets/link")
                .then().statusCode(403).body("type", equalTo(PROBLEMS + "step-up-required"));
        // A wrong password changes nothing.
        ada.as().body(Map.of("password", "not it")).post("/api/auth/step-up").then().statusCode(401)
                .body("type", equalTo(PROBLEMS + "invalid-credentials"));
        ada.as().body(Map.of("address", Keys.toChecksumAddress(key.getAddress()))).post("/api/wallets/challenge").then().statusCode(403);

        ada.as().body(Map.of("password", Api.PASSWORD)).post("/api/auth/step-up").then().statusCode(200);
        String address = WalletProofTest.linkWithProof(ada, key);

        ada.as().get("/api/accounts/me/security-events").then().statusCode(200)
                .body("kind", hasItems("LOGIN", "STEP_UP", "WALLET_LINKED"))
                .body("find { it.kind == 'WALLET_LINKED' }.detail.address", equalTo(address))
                .body("[0].kind", equalTo("WALLET_LINKED"));
        given().get("/api/accounts/me/security-events").then().statusCode(401);
    }

    @Test
    void shouldAskForThePasswordAgainBeforeWithdrawingWithAnOldLogin() {
        Api.User reader = Api.newUser("reader");
        stale(reader);
        reader.as().header("Idempotency-Key", "w").body(Map.of("amount", 1)).post("/api/balance/withdraw")
                .then().statusCode(403).contentType("application/problem+json").body("type", equalTo(PROBLEMS + "step-up-required"));
        reader.as().body(Map.of("password", Api.PASSWORD)).post("/api/auth/step-up").then().statusCode(200);
        // Past the step-up, the withdrawal meets its own rules (an empty balance).
        reader.as().header("Idempotency-Key", "w").body(Map.of("amount", 1)).post("/api/balance/withdraw")
                .then().statusCode(422).body("type", equalTo(PROBLEMS + "insufficient-balance"));
    }

    // ------------------------------------------------------------------ roles held together

    @Test
    void shouldNeverLetOneAccountBeAuditorAndOperatorOrAdmin() {
        String admin = admin();
        Api.User op = Api.newUserWithRole("op", "OPERATOR");
        given().auth().oauth2(admin).put("/api/accounts/" + op.handle() + "/roles/auditor").then().statusCode(409)
                .contentType("application/problem+json").body("type", equalTo(PROBLEMS + "role-conflict"));
        Api.User aud = Api.newUserWithRole("aud", "AUDITOR");
        given().auth().oauth2(admin).put("/api/accounts/" + aud.handle() + "/roles/operator").then().statusCode(409)
                .body("type", equalTo(PROBLEMS + "role-conflict"));
        given().auth().oauth2(admin).put("/api/accounts/" + aud.handle() + "/roles/admin").then().statusCode(409)
                .body("type", equalTo(PROBLEMS + "role-conflict"));
        assertThat(roles(aud.id())).containsExactlyInAnyOrder(Role.USER, Role.AUDITOR);
        // Operator and admin may be held together.
        given().auth().oauth2(admin).put("/api/accounts/" + op.handle() + "/roles/admin").then().statusCode(200);
        // After the auditor role is revoked, the account may become an operator.
        given().auth().oauth2(admin).delete("/api/accounts/" + aud.handle() + "/roles/auditor").then().statusCode(200);
        given().auth().oauth2(admin).put("/api/accounts/" + aud.handle() + "/roles/operator").then().statusCode(200);
        aud.as().get("/api/accounts/me/security-events").then().statusCode(200)
                .body("kind", hasItems("ROLE_GRANTED", "ROLE_REVOKED"));
    }

    @Test
    void shouldStateExclusionsBothWays() {
        for (Role a : Role.values()) {
            for (Role b : a.excludes()) {
                assertThat(b.excludes()).as(b + " excludes " + a).contains(a);
            }
        }
        assertThat(Role.AUDITOR.excludes()).containsExactlyInAnyOrder(Role.OPERATOR, Role.ADMIN);
    }
}
