package dev.murmur.tip;

import dev.murmur.testing.Api;
import dev.murmur.testing.Concurrently;
import dev.murmur.tip.service.TipDeposits;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

@QuarkusTest
class TipTest {

    @Inject
    TipDeposits deposits;

    @Inject
    DataSource dataSource;

    /** Stands in for the chain listener: a confirmed deposit of {@code baseUnits} to the reader. */
    private void deposit(Api.User reader, long baseUnits) {
        QuarkusTransaction.requiringNew().run(() ->
                deposits.credit(UUID.randomUUID(), reader.id(), baseUnits,
                        Map.of("wallet", "0x00000000000000000000000000000000000000aa", "tx", "0x" + "01".repeat(32), "logIndex", 0)));
    }

    private static Response tip(Api.User from, Map<String, Object> body, String key) {
        var request = from.as();
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return request.body(body).post("/api/tips");
    }

    @Test
    void shouldMoveTheTipFromTheReadersBalanceToTheCreatorAndShowIt() throws Exception {
        Api.User reader = Api.newUser("reader");
        Api.User ada = Api.newUser("ada");
        long post = Api.post(ada, "tip jar");
        deposit(reader, 5_000_000);

        given().queryParam("amount", "1.5").get("/api/tips/quote").then().statusCode(200)
                .body("amount", equalTo("1.5")).body("fee", equalTo("0")).body("creatorReceives", equalTo("1.5"));
        tip(reader, Map.of("post", post, "amount", 1.5, "message", "Thank you!"), "t-1")
                .then().statusCode(201).body("amount", equalTo("1.5")).body("balance", equalTo("3.5"));
        tip(reader, Map.of("creator", ada.handle(), "amount", "0.25", "anonymous", true), "t-2")
                .then().statusCode(201).body("balance", equalTo("3.25"));

        ada.as().get("/api/balance").then().statusCode(200).body("payable", equalTo("1.75")).body("balance", equalTo("0"));
        ada.as().get("/api/tips/received").then().statusCode(200)
                .body("", hasSize(2))
                .body("[0].from", equalTo("anonymous")).body("[0].amount", equalTo("0.25"))
                .body("[1].from", equalTo(reader.handle())).body("[1].message", equalTo("Thank you!"));
        ada.as().get("/api/earnings/me").then().statusCode(200)
                .body("tips[0].from", equalTo("anonymous")).body("tips[1].message", equalTo("Thank you!"));
        reader.as().get("/api/balance").then().body("balance", equalTo("3.25"))
                .body("movements.kind", org.hamcrest.Matchers.contains("tipped", "tipped", "deposited"))
                // Each movement says why with its own kind's fields, typed (the OpenAPI schema names them).
                .body("movements[0].reason.tipper", equalTo("anonymous")).body("movements[0].reason.post", org.hamcrest.Matchers.nullValue())
                .body("movements[1].reason.rule", equalTo("tip")).body("movements[1].reason.post", equalTo((int) post))
                .body("movements[1].reason.tipper", equalTo(String.valueOf(reader.id())))
                .body("movements[2].reason.wallet", equalTo("0x00000000000000000000000000000000000000aa"))
                .body("movements[2].reason.logIndex", equalTo(0)).body("movements[2].reason", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("rule")));
        assertThat(count("select count(*) from outbox_event where type = 'dev.murmur.tip.sent'")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void shouldPayOnceWhenRetriedAndRefuseAnotherBodyUnderTheSameKey() {
        Api.User reader = Api.newUser("reader");
        Api.User ada = Api.newUser("ada");
        deposit(reader, 3_000_000);
        long first = tip(reader, Map.of("creator", ada.handle(), "amount", 1), "same-key").then().statusCode(201)
                .extract().jsonPath().getLong("id");
        long again = tip(reader, Map.of("creator", ada.handle(), "amount", 1), "same-key").then().statusCode(201)
                .extract().jsonPath().getLong("id");
        assertThat(again).isEqualTo(first);
        tip(reader, Map.of("creator", ada.handle(), "amount", 2), "same-key").then().statusCode(409)
                .body("type", equalTo("https://murmur.dev/problems/idempotency-key-reused"));
        reader.as().get("/api/balance").then().body("balance", equalTo("2"));
        ada.as().get("/api/balance").then().body("payable", equalTo("1"));
    }

    @Test
    void shouldNeverOverdrawUnderAHundredParallelTips() throws Exception {
        Api.User reader = Api.newUser("reader");
        Api.User ada = Api.newUser("ada");
        deposit(reader, 37_000_000);

        List<Integer> statuses = Concurrently.run(IntStream.range(0, 100)
                .mapToObj(i -> (Callable<Integer>) () -> tip(reader, Map.of("creator", ada.handle(), "amount", 1), "par-" + i).statusCode())
                .toList());

        assertThat(statuses.stream().filter(s -> s == 201).count()).isEqualTo(37);
        assertThat(statuses.stream().filter(s -> s == 422).count()).isEqualTo(63);
        reader.as().get("/api/balance").then().body("balance", equalTo("0"));
        ada.as().get("/api/balance").then().body("payable", equalTo("37"));
        assertThat(count("select count(*) from tip where tipper_id = " + reader.id())).isEqualTo(37);
    }

    @Test
    void shouldMoveWithdrawnBalanceToThePayoutPathOnce() {
        Api.User reader = Api.newUser("reader");
        deposit(reader, 2_000_000);
        reader.as().header("Idempotency-Key", "w-1").body(Map.of("amount", "1.2")).post("/api/balance/withdraw")
                .then().statusCode(200).body("withdrawn", equalTo("1.2")).body("balance", equalTo("0.8"));
        reader.as().header("Idempotency-Key", "w-1").body(Map.of("amount", "1.2")).post("/api/balance/withdraw")
                .then().statusCode(200).body("balance", equalTo("0.8"));
        reader.as().header("Idempotency-Key", "w-2").body(Map.of("amount", 1)).post("/api/balance/withdraw")
                .then().statusCode(422).body("type", equalTo("https://murmur.dev/problems/insufficient-balance"));
        reader.as().get("/api/balance").then().body("payable", equalTo("1.2")).body("balance", equalTo("0.8"));
        // The withdrawal is a security event the reader can see, once however often the request was retried.
        reader.as().get("/api/accounts/me/security-events").then().statusCode(200)
                .body("findAll { it.kind == 'WITHDRAWAL' }.size()", equalTo(1))
                .body("find { it.kind == 'WITHDRAWAL' }.detail.amount", equalTo(1_200_000));
    }

    record Rejection(String name, Function<World, Response> send, int status, String type) {
        @Override
        public String toString() {
            return name;
        }
    }

    record World(Api.User reader, Api.User ada, Api.User blocker, long post, long deletedPost) {
    }

    private static World world;

    private World world() {
        if (world == null) {
            Api.User reader = Api.newUser("reader");
            Api.User ada = Api.newUser("ada");
            Api.User blocker = Api.newUser("blocker");
            blocker.as().put("/api/accounts/" + reader.handle() + "/block").then().statusCode(200);
            long post = Api.post(ada, "tip me");
            long deleted = Api.post(ada, "gone");
            ada.as().delete("/api/posts/" + deleted).then().statusCode(204);
            deposit(reader, 10_000_000);
            tip(reader, Map.of("creator", ada.handle(), "amount", 1), "used-key").then().statusCode(201);
            world = new World(reader, ada, blocker, post, deleted);
        }
        return world;
    }

    static Stream<Rejection> rejections() {
        return Stream.of(
                new Rejection("tip yourself", w -> tip(w.reader(), Map.of("creator", w.reader().handle(), "amount", 1), "k-self"), 422, "self-action"),
                new Rejection("tip someone who blocked you", w -> tip(w.reader(), Map.of("creator", w.blocker().handle(), "amount", 1), "k-blocked"), 403, "blocked"),
                new Rejection("tip a deleted post", w -> tip(w.reader(), Map.of("post", w.deletedPost(), "amount", 1), "k-deleted"), 409, "post-deleted"),
                new Rejection("tip an unknown creator", w -> tip(w.reader(), Map.of("creator", "nobody_here", "amount", 1), "k-unknown"), 404, "not-found"),
                new Rejection("amount of zero", w -> tip(w.reader(), Map.of("post", w.post(), "amount", 0), "k-zero"), 422, "invalid-amount"),
                new Rejection("negative amount", w -> tip(w.reader(), Map.of("post", w.post(), "amount", -1), "k-neg"), 422, "invalid-amount"),
                new Rejection("amount above the limit", w -> tip(w.reader(), Map.of("post", w.post(), "amount", 10001), "k-max"), 422, "invalid-amount"),
                new Rejection("more decimals than the token", w -> tip(w.reader(), Map.of("post", w.post(), "amount", "0.0000001"), "k-dec"), 422, "invalid-amount"),
                new Rejection("overflowing amount", w -> tip(w.reader(), Map.of("post", w.post(), "amount", "1e400"), "k-ovf"), 422, "invalid-amount"),
                new Rejection("amount that is not a number", w -> tip(w.reader(), Map.of("post", w.post(), "amount", "lots"), "k-nan"), 400, "wrong-json-type"),
                new Rejection("tip above the balance", w -> tip(w.reader(), Map.of("post", w.post(), "amount", 50), "k-bal"), 422, "insufficient-balance"),
                new Rejection("reused key with another body", w -> tip(w.reader(), Map.of("creator", w.ada().handle(), "amount", 2), "used-key"), 409, "idempotency-key-reused"),
                new Rejection("no Idempotency-Key", w -> tip(w.reader(), Map.of("post", w.post(), "amount", 1), null), 400, "validation-failed"),
                new Rejection("both a post and a creator", w -> tip(w.reader(), Map.of("post", w.post(), "creator", w.ada().handle(), "amount", 1), "k-both"), 400, "validation-failed"),
                new Rejection("message with a control character", w -> tip(w.reader(), Map.of("post", w.post(), "amount", 1, "message", "hi\u0000"), "k-msg"), 422, "invalid-text"),
                new Rejection("without logging in", w -> given().contentType("application/json").header("Idempotency-Key", "k-anon")
                        .body(Map.of("post", w.post(), "amount", 1)).post("/api/tips"), 401, "unauthenticated"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejections")
    void shouldRejectAndMoveNothing(Rejection rejection) throws Exception {
        World w = world();
        Map<String, Long> before = money();

        Response response = rejection.send().apply(w);

        assertThat(response.statusCode()).as(rejection.name()).isEqualTo(rejection.status());
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.jsonPath().getString("type")).isEqualTo("https://murmur.dev/problems/" + rejection.type());
        assertThat(money()).as("money after: " + rejection.name()).isEqualTo(before);
    }

    /** Every tip-related total: tips, withdrawals, postings and the balance of every TOKEN account. */
    private Map<String, Long> money() throws Exception {
        Map<String, Long> totals = new HashMap<>();
        totals.put("tips", count("select count(*) from tip"));
        totals.put("withdrawals", count("select count(*) from withdrawal"));
        totals.put("token postings", count("select count(*) from journal_posting where unit = 'TOKEN'"));
        totals.put("tip events", count("select count(*) from outbox_event where type = 'dev.murmur.tip.sent'"));
        totals.put("reader balances", count("select coalesce(sum(abs(amount)), 0) from journal_posting where account_kind = 'READER_BALANCE'"));
        return totals;
    }

    private long count(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

}
