package dev.murmur.limit;

import dev.murmur.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * The rate limits of docs/security.md "Limits", with low limits. Each test sends from addresses of its
 * own: this profile trusts X-Forwarded-For (as behind a proxy), so tests do not share buckets.
 */
@QuarkusTest
@TestProfile(RateLimitTest.LowLimits.class)
class RateLimitTest {

    public static class LowLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "murmur.limits.login-per-address", "3/1h",
                    "murmur.limits.login-failures-per-handle", "3/1h",
                    "murmur.limits.sign-up-per-address", "2/1h",
                    "murmur.limits.wallet-challenges-per-account", "2/1h",
                    "murmur.limits.posts-per-account", "3/1h",
                    "murmur.limits.tips-per-account", "2/1h",
                    "murmur.limits.likes-per-account", "3/1h",
                    "quarkus.http.proxy.proxy-address-forwarding", "true",
                    "quarkus.http.proxy.allow-x-forwarded", "true");
        }
    }

    private static final AtomicInteger ADDRESSES = new AtomicInteger();

    /** A client address no other test uses (TEST-NET-3, then TEST-NET-2). */
    private static String address() {
        int n = ADDRESSES.incrementAndGet();
        return (n < 250 ? "203.0.113." : "198.51.100.") + (n % 250 + 1);
    }

    private static RequestSpecification from(String address) {
        return given().contentType(ContentType.JSON).header("X-Forwarded-For", address);
    }

    private static Response login(String address, String handle, String password) {
        return from(address).body(Map.of("handle", handle, "password", password)).post("/api/auth/login");
    }

    /** A new account, signed up from an address of its own. */
    private static Api.User newUser(String prefix) {
        String handle = Api.handle(prefix);
        String address = address();
        long id = from(address).body(Map.of("handle", handle, "displayName", handle, "password", Api.PASSWORD))
                .post("/api/accounts").then().statusCode(201).extract().jsonPath().getLong("id");
        String token = login(address, handle, Api.PASSWORD).then().statusCode(200).extract().path("token");
        return new Api.User(id, handle, token);
    }

    private static void assertRateLimited(Response response, String limit) {
        response.then().statusCode(429).contentType("application/problem+json");
        assertThat(response.jsonPath().getString("type")).isEqualTo("https://murmur.dev/problems/rate-limited");
        assertThat(response.jsonPath().getString("detail")).contains(limit);
        assertThat(response.header("Retry-After")).as("Retry-After").isNotNull();
        assertThat(Long.parseLong(response.header("Retry-After"))).isBetween(1L, 3600L);
    }

    @Test
    void shouldRefuseTheFourthLoginFromOneAddressWhateverTheHandle() {
        Api.User ada = newUser("ada");
        String attacker = address();
        for (int i = 0; i < 3; i++) {
            login(attacker, Api.handle("nobody"), "guess-" + i).then().statusCode(401);
        }
        assertRateLimited(login(attacker, ada.handle(), Api.PASSWORD), "login-per-address");
        // Another address is not affected.
        login(address(), ada.handle(), Api.PASSWORD).then().statusCode(200);
    }

    @Test
    void shouldRefuseLoginsToAHandleAfterItsFailuresFromManyAddresses() {
        Api.User ada = newUser("ada");
        for (int i = 0; i < 3; i++) {
            login(address(), ada.handle(), "guess-" + i).then().statusCode(401);
        }
        // From a fresh address, even the right password waits: the guesser cannot tell it was right.
        assertRateLimited(login(address(), ada.handle(), Api.PASSWORD), "login-failures-per-handle");
        assertRateLimited(login(address(), ada.handle().toUpperCase(), Api.PASSWORD), "login-failures-per-handle");
        Api.User bob = newUser("bob");
        login(address(), bob.handle(), Api.PASSWORD).then().statusCode(200);
    }

    @Test
    void shouldNotCountSuccessfulLoginsAgainstTheHandle() {
        Api.User ada = newUser("ada");
        for (int i = 0; i < 6; i++) {
            login(address(), ada.handle(), Api.PASSWORD).then().statusCode(200);
        }
    }

    @Test
    void shouldRefuseTheThirdSignUpFromOneAddress() {
        String address = address();
        for (int i = 0; i < 2; i++) {
            from(address).body(Map.of("handle", Api.handle("new"), "displayName", "New", "password", Api.PASSWORD))
                    .post("/api/accounts").then().statusCode(201);
        }
        String handle = Api.handle("third");
        assertRateLimited(from(address).body(Map.of("handle", handle, "displayName", "New", "password", Api.PASSWORD))
                .post("/api/accounts"), "sign-up-per-address");
        given().get("/api/accounts/" + handle).then().statusCode(404); // nothing written
        from(address()).body(Map.of("handle", handle, "displayName", "New", "password", Api.PASSWORD))
                .post("/api/accounts").then().statusCode(201);
    }

    @Test
    void shouldRefuseTheThirdWalletChallengeOfAnAccount() {
        Api.User ada = newUser("ada");
        Map<String, String> body = Map.of("address", "0x" + "ab".repeat(20));
        for (int i = 0; i < 2; i++) {
            ada.as().body(body).post("/api/wallets/challenge").then().statusCode(200);
        }
        assertRateLimited(ada.as().body(body).post("/api/wallets/challenge"), "wallet-challenges-per-account");
        newUser("bob").as().body(body).post("/api/wallets/challenge").then().statusCode(200);
    }

    @Test
    void shouldRefuseTheFourthPostOfAnAccountAndWriteNothing() {
        Api.User ada = newUser("ada");
        Api.post(ada, "one");
        Api.post(ada, "two");
        long original = Api.post(ada, "three");
        assertRateLimited(ada.as().body(Map.of("text", "four")).post("/api/posts"), "posts-per-account");
        // A repost is a post too.
        assertRateLimited(ada.as().put("/api/posts/" + original + "/repost"), "posts-per-account");
        assertThat(given().get("/api/timelines/profile/" + ada.handle()).jsonPath().getList("items")).hasSize(3);
        Api.User bob = newUser("bob");
        Api.post(bob, "mine");
        bob.as().put("/api/posts/" + original + "/repost").then().statusCode(200);
    }

    @Test
    void shouldRefuseTheFourthLikeOrUnlikeOfAnAccountAndChangeNothing() {
        Api.User ada = newUser("ada");
        long first = Api.post(ada, "one to like");
        long second = Api.post(ada, "another to like");
        Api.User bob = newUser("bob");
        bob.as().put("/api/posts/" + first + "/like").then().statusCode(200);
        bob.as().delete("/api/posts/" + first + "/like").then().statusCode(200);
        bob.as().put("/api/posts/" + first + "/like").then().statusCode(200);

        assertRateLimited(bob.as().put("/api/posts/" + second + "/like"), "likes-per-account");
        assertRateLimited(bob.as().delete("/api/posts/" + first + "/like"), "likes-per-account");
        given().get("/api/posts/" + first).then().body("counts.likes", equalTo(1));
        given().get("/api/posts/" + second).then().body("counts.likes", equalTo(0));
        newUser("carol").as().put("/api/posts/" + second + "/like").then().statusCode(200).body("likes", equalTo(1));
    }

    @Test
    void shouldRefuseTheThirdTipOfAnAccount() {
        Api.User reader = newUser("reader");
        Api.User ada = newUser("ada");
        for (int i = 0; i < 2; i++) {
            // No balance: refused for that, after the limit took its unit.
            reader.as().header("Idempotency-Key", "tip-" + i).body(Map.of("creator", ada.handle(), "amount", 1))
                    .post("/api/tips").then().statusCode(422);
        }
        assertRateLimited(reader.as().header("Idempotency-Key", "tip-2").body(Map.of("creator", ada.handle(), "amount", 1))
                .post("/api/tips"), "tips-per-account");
    }
}
