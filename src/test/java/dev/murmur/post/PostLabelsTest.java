package dev.murmur.post;

import dev.murmur.post.service.PostLabels;
import dev.murmur.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
class PostLabelsTest {

    @Inject
    PostLabels labels;

    @Test
    void shouldNamePostsByTheStartOfTheirTextAndNeverShowADeletedOnesText() {
        Api.User ada = Api.newUser("ada");
        long gm = Api.post(ada, "gm\n\neveryone");
        long cut = Api.post(ada, "x".repeat(59) + "👩‍👩‍👧 and much more after the cut");
        long deleted = Api.post(ada, "a secret I took back");
        ada.as().delete("/api/posts/" + deleted).then().statusCode(204);
        Api.User bob = Api.newUser("bob");
        bob.as().put("/api/posts/" + gm + "/repost").then().statusCode(200);
        long repost = io.restassured.RestAssured.given().get("/api/timelines/profile/" + bob.handle()).then().statusCode(200)
                .extract().jsonPath().getLong("items[0].id");

        Map<Long, String> named = labels.of(List.of(gm, cut, deleted, repost, Long.MAX_VALUE));

        assertThat(named).containsOnlyKeys(gm, cut, deleted, repost, Long.MAX_VALUE);
        assertThat(named.get(Long.MAX_VALUE)).isEqualTo("Post " + Long.MAX_VALUE);
        assertThat(named.get(gm)).isEqualTo("gm everyone");
        assertThat(named.get(cut)).isEqualTo("x".repeat(59) + "👩‍👩‍👧…");
        assertThat(named.get(deleted)).isEqualTo("Deleted post");
        assertThat(named.get(repost)).isEqualTo("Repost");
        assertThat(labels.of(List.of())).isEmpty();
    }
}
