package dev.murmur.social;

import dev.murmur.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

@QuarkusTest
class SocialGraphTest {

    @Test
    void shouldFollowAndUnfollowIdempotently() {
        Api.User ada = Api.newUser("ada");
        Api.User bob = Api.newUser("bob");
        ada.as().put("/api/accounts/" + bob.handle() + "/follow").then().statusCode(200).body("following", equalTo(true));
        ada.as().put("/api/accounts/" + bob.handle() + "/follow").then().statusCode(200);
        given().get("/api/accounts/" + bob.handle()).then().body("followers", equalTo(1));
        ada.as().delete("/api/accounts/" + bob.handle() + "/follow").then().statusCode(200).body("following", equalTo(false));
        ada.as().delete("/api/accounts/" + bob.handle() + "/follow").then().statusCode(200);
        given().get("/api/accounts/" + bob.handle()).then().body("followers", equalTo(0));
    }

    @Test
    void shouldSeverFollowsBothWaysAndHidePostsWhenBlocking() {
        Api.User ada = Api.newUser("ada");
        Api.User troll = Api.newUser("troll");
        ada.as().put("/api/accounts/" + troll.handle() + "/follow").then().statusCode(200);
        troll.as().put("/api/accounts/" + ada.handle() + "/follow").then().statusCode(200);
        long adaPost = Api.post(ada, "hello #blockcheck");

        ada.as().put("/api/accounts/" + troll.handle() + "/block").then().statusCode(200)
                .body("blocking", equalTo(true)).body("following", equalTo(false)).body("followedBy", equalTo(false));
        given().get("/api/accounts/" + ada.handle()).then().body("followers", equalTo(0)).body("following", equalTo(0));
        troll.as().get("/api/timelines/hashtag/blockcheck").then().statusCode(200).body("items", hasSize(0));
        troll.as().get("/api/posts/" + adaPost).then().statusCode(403);

        ada.as().delete("/api/accounts/" + troll.handle() + "/block").then().statusCode(200).body("blocking", equalTo(false));
        troll.as().put("/api/accounts/" + ada.handle() + "/follow").then().statusCode(200);
        troll.as().get("/api/posts/" + adaPost).then().statusCode(200);
    }

    @Test
    void shouldMuteAndUnmute() {
        Api.User ada = Api.newUser("ada");
        Api.User loud = Api.newUser("loud");
        ada.as().put("/api/accounts/" + loud.handle() + "/follow").then().statusCode(200);
        Api.post(loud, "LOUD");
        ada.as().put("/api/accounts/" + loud.handle() + "/mute").then().statusCode(200).body("muting", equalTo(true));
        ada.as().get("/api/timelines/home").then().body("items", hasSize(0));
        ada.as().delete("/api/accounts/" + loud.handle() + "/mute").then().statusCode(200).body("muting", equalTo(false));
        ada.as().get("/api/timelines/home").then().body("items", hasSize(1));
    }

    @Test
    void shouldFileReportsAboutPostsAndAccounts() {
        Api.User ada = Api.newUser("ada");
        Api.User spammer = Api.newUser("spammer");
        long spam = Api.post(spammer, "buy now");
        ada.as().body(Map.of("post", spam, "reason", "SPAM", "comment", "obvious")).post("/api/reports")
                .then().statusCode(201).body("id", org.hamcrest.Matchers.notNullValue());
        ada.as().body(Map.of("account", spammer.handle(), "reason", "SPAM")).post("/api/reports")
                .then().statusCode(201);
    }
}
