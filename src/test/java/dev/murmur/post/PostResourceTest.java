package dev.murmur.post;

import dev.murmur.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class PostResourceTest {

    @Test
    void shouldCreatePostWithHashtagMentionAndLinkFacets() {
        Api.User ada = Api.newUser("ada");
        Api.User bob = Api.newUser("bob");
        String text = "Über #Straße with @" + bob.handle() + " see https://murmur.dev/x.";
        ada.as().body(Map.of("text", text)).post("/api/posts")
                .then().statusCode(201)
                .body("kind", equalTo("POST"))
                .body("text", equalTo(text))
                .body("facets", hasSize(3))
                .body("facets[0].type", equalTo("hashtag"))
                .body("facets[0].tag", equalTo("strasse"))
                .body("facets[0].byteStart", equalTo(6))   // "Über " is 6 UTF-8 bytes
                .body("facets[0].byteEnd", equalTo(14))    // "#Straße" is 8 bytes: ß takes two
                .body("facets[1].type", equalTo("mention"))
                .body("facets[1].accountId", equalTo((int) bob.id()))
                .body("facets[2].type", equalTo("link"))
                .body("facets[2].uri", equalTo("https://murmur.dev/x"));
    }

    @Test
    void shouldNormaliseToNfcAndCountGraphemesNotCodeUnits() {
        Api.User ada = Api.newUser("ada");
        String families = "👩‍👩‍👧".repeat(500);
        ada.as().body(Map.of("text", families)).post("/api/posts").then().statusCode(201);
        String decomposed = "e\u0301".repeat(500);
        ada.as().body(Map.of("text", decomposed)).post("/api/posts")
                .then().statusCode(201)
                .body("text", equalTo("\u00e9".repeat(500)));
    }

    @Test
    void shouldReturnTheSamePostWhenRetriedWithTheSameIdempotencyKey() {
        Api.User ada = Api.newUser("ada");
        long first = ada.as().header("Idempotency-Key", "retry-me").body(Map.of("text", "only once"))
                .post("/api/posts").then().statusCode(201).header("Idempotent-Replayed", "false")
                .extract().jsonPath().getLong("id");
        long second = ada.as().header("Idempotency-Key", "retry-me").body(Map.of("text", "only once"))
                .post("/api/posts").then().statusCode(201).header("Idempotent-Replayed", "true")
                .extract().jsonPath().getLong("id");
        org.assertj.core.api.Assertions.assertThat(second).isEqualTo(first);
        given().get("/api/accounts/" + ada.handle()).then().body("posts", equalTo(1));
    }

    @Test
    void shouldThreadRepliesAndCountThem() {
        Api.User ada = Api.newUser("ada");
        Api.User bob = Api.newUser("bob");
        long root = Api.post(ada, "root");
        long reply = bob.as().body(Map.of("text", "reply", "replyTo", root)).post("/api/posts")
                .then().statusCode(201).body("kind", equalTo("REPLY")).body("replyRootId", equalTo((int) root))
                .extract().jsonPath().getLong("id");
        long nested = ada.as().body(Map.of("text", "nested", "replyTo", reply)).post("/api/posts")
                .then().statusCode(201)
                .body("replyParentId", equalTo((int) reply)).body("replyRootId", equalTo((int) root))
                .extract().jsonPath().getLong("id");

        given().get("/api/posts/" + root).then().body("counts.replies", equalTo(1));
        given().get("/api/posts/" + nested + "/thread")
                .then().statusCode(200)
                .body("ancestors.id", org.hamcrest.Matchers.contains((int) root, (int) reply))
                .body("post.id", equalTo((int) nested))
                .body("replies.items", hasSize(0));
        given().get("/api/posts/" + root + "/thread")
                .then().body("ancestors", hasSize(0)).body("replies.items.id", org.hamcrest.Matchers.contains((int) reply));
    }

    @Test
    void shouldQuoteAndRepostIdempotently() {
        Api.User ada = Api.newUser("ada");
        Api.User bob = Api.newUser("bob");
        long original = Api.post(ada, "quotable");
        bob.as().body(Map.of("text", "so true", "quoteOf", original)).post("/api/posts")
                .then().statusCode(201).body("kind", equalTo("QUOTE")).body("quote.id", equalTo((int) original))
                .body("quote.text", equalTo("quotable"));
        bob.as().put("/api/posts/" + original + "/repost").then().statusCode(200).body("reposted", equalTo(true));
        bob.as().put("/api/posts/" + original + "/repost").then().statusCode(200);
        given().get("/api/posts/" + original).then().body("counts.reposts", equalTo(1)).body("counts.quotes", equalTo(1));
        bob.as().get("/api/posts/" + original).then().body("viewer.reposted", equalTo(true));

        bob.as().delete("/api/posts/" + original + "/repost").then().statusCode(200).body("reposted", equalTo(false));
        bob.as().delete("/api/posts/" + original + "/repost").then().statusCode(200);
        given().get("/api/posts/" + original).then().body("counts.reposts", equalTo(0));
    }

    @Test
    void shouldLeaveATombstoneWhenDeleted() {
        Api.User ada = Api.newUser("ada");
        Api.User bob = Api.newUser("bob");
        long root = Api.post(ada, "going away #soon");
        bob.as().body(Map.of("text", "reply", "replyTo", root)).post("/api/posts").then().statusCode(201);
        ada.as().delete("/api/posts/" + root).then().statusCode(204);
        ada.as().delete("/api/posts/" + root).then().statusCode(204);

        given().get("/api/posts/" + root)
                .then().statusCode(200)
                .body("deleted", equalTo(true))
                .body("text", equalTo(""))
                .body("facets", hasSize(0))
                .body("counts.replies", equalTo(1));
        given().get("/api/posts/" + root + "/thread").then().body("replies.items", hasSize(1));
        given().get("/api/timelines/profile/" + ada.handle()).then().body("items", hasSize(0));
        given().get("/api/accounts/" + ada.handle()).then().body("posts", equalTo(0));
        given().get("/api/posts/" + root).then().body("quote", nullValue());
    }
}
