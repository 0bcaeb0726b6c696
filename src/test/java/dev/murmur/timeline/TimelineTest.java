package dev.murmur.timeline;

import dev.murmur.common.CommittedReads;
import dev.murmur.testing.Api;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasSize;

@QuarkusTest
class TimelineTest {

    @Inject
    EntityManagerFactory entityManagerFactory;

    @Inject
    javax.sql.DataSource dataSource;

    @Inject
    MeterRegistry metrics;

    @Test
    void shouldShowOwnAndFollowedPostsNewestFirstWithoutMutedOnes() {
        Api.User me = Api.newUser("me");
        Api.User friend = Api.newUser("friend");
        Api.User stranger = Api.newUser("stranger");
        Api.User noisy = Api.newUser("noisy");
        me.as().put("/api/accounts/" + friend.handle() + "/follow").then().statusCode(200);
        me.as().put("/api/accounts/" + noisy.handle() + "/follow").then().statusCode(200);
        me.as().put("/api/accounts/" + noisy.handle() + "/mute").then().statusCode(200);

        long mine = Api.post(me, "mine");
        long theirs = Api.post(friend, "theirs");
        Api.post(stranger, "unseen");
        Api.post(noisy, "muted");
        long strangerPost = Api.post(stranger, "reposted by friend");
        friend.as().put("/api/posts/" + strangerPost + "/repost").then().statusCode(200);

        JsonPath home = me.as().get("/api/timelines/home").then().statusCode(200).extract().jsonPath();
        assertThat(home.getList("items.kind", String.class)).containsExactly("REPOST", "POST", "POST");
        assertThat(home.getLong("items[0].repostOf.id")).isEqualTo(strangerPost);
        assertThat(home.getList("items.id", Long.class).subList(1, 3)).containsExactly(theirs, mine);
    }

    @Test
    void shouldHydrateQuotedPostsFacetsInTextOrderTombstonesAndLikesOnTheHomeTimeline() {
        Api.User reader = Api.newUser("reader");
        Api.User ada = Api.newUser("ada");
        Api.User bob = Api.newUser("bob");
        Api.User carol = Api.newUser("carol");
        reader.as().put("/api/accounts/" + ada.handle() + "/follow").then().statusCode(200);
        reader.as().put("/api/accounts/" + bob.handle() + "/follow").then().statusCode(200);
        reader.as().get("/api/timelines/home").then().statusCode(200);  // the feed exists: what follows is fanned out

        String quotedText = "see https://murmur.dev/q about #Origin with @" + ada.handle();
        long quoted = Api.post(carol, quotedText);
        long quote = ada.as().body(Map.of("text", "so #true @" + carol.handle(), "quoteOf", quoted)).post("/api/posts")
                .then().statusCode(201).extract().jsonPath().getLong("id");
        long gone = Api.post(carol, "going #away");
        long quoteOfGone = bob.as().body(Map.of("text", "farewell", "quoteOf", gone)).post("/api/posts")
                .then().statusCode(201).extract().jsonPath().getLong("id");
        carol.as().delete("/api/posts/" + gone).then().statusCode(204);
        bob.as().put("/api/posts/" + quote + "/repost").then().statusCode(200);
        reader.as().put("/api/posts/" + quote + "/like").then().statusCode(200);

        JsonPath home = reader.as().get("/api/timelines/home").then().statusCode(200).extract().jsonPath();
        assertThat(home.getList("items.kind", String.class)).containsExactly("REPOST", "QUOTE", "QUOTE");
        assertThat(home.getList("items.id", Long.class).subList(1, 3)).containsExactly(quoteOfGone, quote);
        assertThat(home.getString("items[0].author.handle")).isEqualTo(bob.handle());
        for (String shown : List.of("items[0].repostOf", "items[2]")) {
            assertThat(home.getLong(shown + ".id")).isEqualTo(quote);
            assertThat(home.getString(shown + ".author.handle")).isEqualTo(ada.handle());
            assertThat(home.getList(shown + ".facets.type", String.class)).containsExactly("hashtag", "mention");
            assertThat(home.getBoolean(shown + ".viewer.liked")).isTrue();
            assertThat(home.getLong(shown + ".quote.id")).isEqualTo(quoted);
            assertThat(home.getString(shown + ".quote.text")).isEqualTo(quotedText);
            assertThat(home.getString(shown + ".quote.author.handle")).isEqualTo(carol.handle());
            assertThat(home.getList(shown + ".quote.facets.type", String.class)).containsExactly("link", "hashtag", "mention");
            assertThat(home.getList(shown + ".quote.facets.byteStart", Integer.class)).isSorted();
            assertThat(home.getLong(shown + ".quote.facets[2].accountId")).isEqualTo(ada.id());
        }
        assertThat(home.getLong("items[1].quote.id")).isEqualTo(gone);
        assertThat(home.getBoolean("items[1].quote.deleted")).isTrue();
        assertThat(home.getString("items[1].quote.text")).isEmpty();
        assertThat(home.getList("items[1].quote.facets")).isEmpty();
    }

    @Test
    void shouldShowARepostInsideARepostOrAQuoteAsUnavailableOnTheApiAndTheWeb() throws Exception {
        Api.User reader = Api.newUser("reader");
        Api.User ada = Api.newUser("ada");
        Api.User bob = Api.newUser("bob");
        reader.as().put("/api/accounts/" + bob.handle() + "/follow").then().statusCode(200);
        reader.as().get("/api/timelines/home").then().statusCode(200);
        long original = Api.post(ada, "the original");
        ada.as().put("/api/posts/" + original + "/repost").then().statusCode(200);
        long adasRepost = given().get("/api/timelines/profile/" + ada.handle()).then().statusCode(200)
                .extract().jsonPath().getLong("items[0].id");
        long quote = bob.as().body(Map.of("text", "look", "quoteOf", original)).post("/api/posts")
                .then().statusCode(201).extract().jsonPath().getLong("id");
        bob.as().put("/api/posts/" + original + "/repost").then().statusCode(200);
        // The app makes a repost or a quote of a repost target the original; rows written around it can
        // still point at the repost (the API benchmark's world did).
        try (var c = dataSource.getConnection(); var s = c.createStatement()) {
            s.executeUpdate("update post set quote_of_id = " + adasRepost + " where id = " + quote);
            s.executeUpdate("update post set repost_of_id = " + adasRepost
                    + " where author_id = " + bob.id() + " and kind = 'REPOST'");
        }

        JsonPath home = reader.as().get("/api/timelines/home").then().statusCode(200).extract().jsonPath();
        assertThat(home.getList("items.kind", String.class)).containsExactly("REPOST", "QUOTE");
        assertThat(home.getLong("items[0].repostOf.id")).isEqualTo(adasRepost);
        assertThat(home.getBoolean("items[0].repostOf.unavailable")).isTrue();
        assertThat(home.getLong("items[1].quote.id")).isEqualTo(adasRepost);
        assertThat(home.getBoolean("items[1].quote.unavailable")).isTrue();
        assertThat(home.getString("items[1].quote.text")).isNull();
        String page = dev.murmur.web.FormSession.logIn(reader).get().get("/").then().statusCode(200).extract().asString();
        assertThat(page).contains("look", "This post is unavailable.", "The quoted post is unavailable.");
    }

    @Test
    void shouldWalkEveryPageWithCursorsAndNeverRepeatOrSkip() {
        Api.User ada = Api.newUser("ada");
        List<Long> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            created.add(Api.post(ada, "post " + i + " #paging"));
        }
        List<Long> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = given().queryParam("limit", 3);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/api/timelines/profile/" + ada.handle()).then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("items.id", Long.class));
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(created.reversed());
    }

    @Test
    void shouldFindPostsByNormalisedHashtagAndByFullTextSearch() throws Exception {
        Api.User ada = Api.newUser("ada");
        String unique = "zq" + Api.handle("t").replace("_", "");
        long first = Api.post(ada, "Learning #" + unique.toUpperCase() + " today");
        long second = Api.post(ada, "More #" + unique + " tomorrow, with kangaroos");
        Api.post(ada, "Nothing tagged here");

        given().get("/api/timelines/hashtag/" + unique).then().statusCode(200)
                .body("items.id", contains((int) second, (int) first));
        given().get("/api/timelines/hashtag/{tag}", "#" + unique.toUpperCase()).then().statusCode(200)
                .body("items", hasSize(2));
        String cursor = given().queryParam("limit", 1).get("/api/timelines/hashtag/" + unique).then().statusCode(200)
                .body("items.id", contains((int) second)).extract().path("nextCursor");
        given().queryParam("limit", 1).queryParam("cursor", cursor).get("/api/timelines/hashtag/" + unique).then().statusCode(200)
                .body("items.id", contains((int) first));
        given().queryParam("q", "kangaroos " + unique).get("/api/search/posts").then().statusCode(200)
                .body("items.id", contains((int) second));
        given().queryParam("q", "'; drop table post; --").get("/api/search/posts").then().statusCode(200);
        // A tag twice in one text lists the post once; a deleted post leaves the listing.
        long twice = Api.post(ada, "#" + unique + " and again #" + unique.toUpperCase());
        ada.as().delete("/api/posts/" + second).then().statusCode(204);
        given().get("/api/timelines/hashtag/" + unique).then().statusCode(200)
                .body("items.id", contains((int) twice, (int) first));
        assertThat(tagRows(second)).isZero();
        assertThat(tagRows(twice)).isEqualTo(1);
    }

    @Test
    void shouldCostTheSameNumberOfStatementsWhateverThePageSize() {
        Api.User reader = Api.newUser("reader");
        Api.User ada = Api.newUser("ada");
        Api.User bob = Api.newUser("bob");
        reader.as().put("/api/accounts/" + ada.handle() + "/follow").then().statusCode(200);
        reader.as().put("/api/accounts/" + bob.handle() + "/follow").then().statusCode(200);
        for (int i = 0; i < 12; i++) {
            long p = Api.post(ada, "post " + i + " #stats @" + bob.handle() + " https://murmur.dev/" + i);
            bob.as().body(Map.of("text", "quoting " + i, "quoteOf", p)).post("/api/posts").then().statusCode(201);
            bob.as().put("/api/posts/" + p + "/repost").then().statusCode(200);
            reader.as().put("/api/posts/" + p + "/like").then().statusCode(200);
        }

        awaitEngagementPipelineIdle();
        long small = statementsFor(() -> reader.as().queryParam("limit", 2).get("/api/timelines/home").then().statusCode(200)
                .body("items", hasSize(2)));
        long large = statementsFor(() -> reader.as().queryParam("limit", 30).get("/api/timelines/home").then().statusCode(200)
                .body("items", hasSize(30)));
        long hashtagSmall = statementsFor(() -> reader.as().queryParam("limit", 2).get("/api/timelines/hashtag/stats").then().statusCode(200));
        long hashtagLarge = statementsFor(() -> reader.as().queryParam("limit", 12).get("/api/timelines/hashtag/stats").then().statusCode(200)
                .body("items", hasSize(12)));

        assertThat(large).isEqualTo(small);
        assertThat(hashtagLarge).isEqualTo(hashtagSmall);
        assertThat(large).isBetween(5L, 8L);
    }

    /**
     * The web app's home page reads what the API's home reads, plus one statement: the unread count
     * of its chrome. Its handle comes from the session, not from loading the account (which cost the
     * page a fifth of its CPU; docs/benchmarks.md).
     */
    @Test
    void shouldServeTheWebHomePageWithTheApiHomesStatementsAndTheUnreadCount() {
        Api.User reader = Api.newUser("reader");
        Api.User ada = Api.newUser("ada");
        reader.as().put("/api/accounts/" + ada.handle() + "/follow").then().statusCode(200);
        for (int i = 0; i < 3; i++) {
            Api.post(ada, "post " + i + " #chrome");
        }
        dev.murmur.web.FormSession web = dev.murmur.web.FormSession.logIn(reader);

        long api = statementsFor(() -> reader.as().queryParam("limit", 20).get("/api/timelines/home").then().statusCode(200)
                .body("items", hasSize(3)));
        long html = statementsFor(() -> assertThat(web.get().get("/").then().statusCode(200).extract().asString())
                .contains("<p class=\"text\">post 2 ", "data-me=\"" + reader.handle() + "\"", "href=\"/u/" + reader.handle() + "\""));

        assertThat(html).isEqualTo(api + 1);
    }

    /**
     * Statistics are global: wait until the outbox relay and payout worker have handled the likes
     * above, so their statements are not counted against the timeline.
     */
    private void awaitEngagementPipelineIdle() {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> {
            try (var c = dataSource.getConnection(); var rs = c.createStatement().executeQuery("""
                    select (select count(*) from outbox_event where published_at is null) = 0
                       and (select count(*) from processed_event)
                           >= (select count(*) from outbox_event where topic = 'murmur.engagements')""")) {
                rs.next();
                return rs.getBoolean(1);
            }
        });
    }

    /** The post's rows in post_tag, the hashtag pages' index (decision 1173). */
    private long tagRows(long postId) throws java.sql.SQLException {
        try (var c = dataSource.getConnection(); var s = c.prepareStatement("select count(*) from post_tag where post_id = ?")) {
            s.setLong(1, postId);
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Statements run while the request runs: those Hibernate prepared and the committed reads (the
     * token, the feed state, the page's keys and views; decision 1172). Both counts are global, and
     * background work (the chain listener, the settlement driver, the consumers) also runs statements
     * now and then; it can only add to the count, never take away, so the least of five runs is the
     * request's own cost.
     */
    private long statementsFor(Runnable request) {
        Statistics statistics = entityManagerFactory.unwrap(SessionFactory.class).getStatistics();
        Counter committedReads = metrics.counter(CommittedReads.STATEMENTS);
        long least = Long.MAX_VALUE;
        for (int run = 0; run < 5; run++) {
            statistics.clear();
            double readsBefore = committedReads.count();
            request.run();
            least = Math.min(least, statistics.getPrepareStatementCount() + (long) (committedReads.count() - readsBefore));
        }
        return least;
    }
}
