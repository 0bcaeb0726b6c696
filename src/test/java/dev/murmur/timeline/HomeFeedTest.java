package dev.murmur.timeline;

import dev.murmur.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The home feed (fan-out on write, docs/decisions/1001-*) against its definition: every live post
 * by the viewer or an account they follow, without blocked, muted or deleted ones, newest first.
 * The expected list is computed here in SQL from the source tables, never from the feed.
 */
@QuarkusTest
class HomeFeedTest {

    /** The definition of home, independent of the app's feed tables. */
    private static final String EXPECTED = """
            select p.id from post p
            where (p.author_id = ? or p.author_id in (select followee_id from follow where follower_id = ?))
              and p.deleted_at is null
              and not exists (select 1 from block b where (b.blocker_id = p.author_id and b.blocked_id = ?)
                                                       or (b.blocker_id = ? and b.blocked_id = p.author_id))
              and not exists (select 1 from post o where o.id = p.repost_of_id and (o.deleted_at is not null
                   or exists (select 1 from block b where (b.blocker_id = o.author_id and b.blocked_id = ?)
                                                       or (b.blocker_id = ? and b.blocked_id = o.author_id))))
              and not exists (select 1 from mute m where m.muter_id = ? and m.muted_id = p.author_id)
            order by p.created_at desc, p.id desc""";

    @Inject
    DataSource dataSource;

    @Test
    void shouldMatchTheDefinitionAfterEveryFollowBlockMuteDeleteAndRepost() throws SQLException {
        Api.User viewer = Api.newUser("viewer");
        List<Api.User> others = List.of(Api.newUser("a"), Api.newUser("b"), Api.newUser("c"), Api.newUser("d"));
        Random random = new Random(42);
        List<Long> posts = new ArrayList<>();
        for (Api.User other : others) {
            viewer.as().put("/api/accounts/" + other.handle() + "/follow").then().statusCode(200);
            posts.add(Api.post(other, "first by " + other.handle()));
        }
        assertThat(walkHome(viewer, 3)).containsExactlyElementsOf(expected(viewer.id()));

        for (int step = 0; step < 40; step++) {
            Api.User actor = others.get(random.nextInt(others.size()));
            String who = "/api/accounts/" + actor.handle();
            long somePost = posts.get(random.nextInt(posts.size()));
            switch (random.nextInt(10)) {
                case 0, 1, 2 -> posts.add(Api.post(actor, "step " + step));
                case 3 -> actor.as().put("/api/posts/" + somePost + "/repost").then().statusCode(200);
                case 4 -> actor.as().delete("/api/posts/" + somePost);
                case 5 -> viewer.as().delete(who + "/follow").then().statusCode(200);
                case 6 -> viewer.as().put(who + "/follow");
                case 7 -> viewer.as().put(who + (random.nextBoolean() ? "/mute" : "/block")).then().statusCode(200);
                case 8 -> viewer.as().delete(who + (random.nextBoolean() ? "/mute" : "/block")).then().statusCode(200);
                default -> posts.add(Api.post(viewer, "mine " + step));
            }
            assertThat(walkHome(viewer, 3)).as("home after step %d", step).containsExactlyElementsOf(expected(viewer.id()));
        }
        assertThat(feedRows(viewer.id())).as("the viewer's feed was used").isPositive();
    }

    @Test
    void shouldHideAPostRemovedByModerationAfterItWasFannedOut() throws SQLException {
        Api.User viewer = Api.newUser("viewer");
        Api.User author = Api.newUser("author");
        Api.User operator = Api.newUserWithRole("op", "OPERATOR");
        viewer.as().put("/api/accounts/" + author.handle() + "/follow").then().statusCode(200);
        walkHome(viewer, 5);
        long post = Api.post(author, "soon removed");
        assertThat(walkHome(viewer, 5)).contains(post);
        assertThat(feedRows(viewer.id())).isPositive();

        operator.as().body(Map.of("reason", "spam")).post("/api/operator/moderation/posts/" + post + "/removal")
                .then().statusCode(200);

        assertThat(walkHome(viewer, 5)).doesNotContain(post).containsExactlyElementsOf(expected(viewer.id()));
    }

    @Test
    void shouldServeEveryPageAcrossTheHorizonOnceAndInOrder() throws SQLException {
        Api.User viewer = Api.newUser("viewer");
        Api.User prolific = Api.newUser("prolific");
        viewer.as().put("/api/accounts/" + prolific.handle() + "/follow").then().statusCode(200);
        // More posts than a feed keeps (murmur.feed.size, 800), written directly: only their count matters.
        execute("""
                insert into post (author_id, kind, text, created_at)
                select ?, 'POST', 'old ' || g, now() - interval '1 day' + g * interval '1 second'
                from generate_series(1, 850) g""", prolific.id());
        Api.post(viewer, "mine, after the old ones");

        List<Long> first = walkHome(viewer, 97);
        Api.post(prolific, "new, after the feed was filled");
        List<Long> second = walkHome(viewer, 100);

        assertThat(first).hasSize(851).doesNotHaveDuplicates();
        assertThat(second).hasSize(852).containsExactlyElementsOf(expected(viewer.id()));
        assertThat(horizonSet(viewer.id())).as("the feed holds only the newest 800").isTrue();
    }

    @Test
    void shouldMergeALargeAccountsPostsWithoutFanningThemOut() throws SQLException {
        Api.User viewer = Api.newUser("viewer");
        Api.User star = Api.newUser("star");
        viewer.as().put("/api/accounts/" + star.handle() + "/follow").then().statusCode(200);
        walkHome(viewer, 5);
        // 5,001 followers (above murmur.feed.large-account-followers, 5,000), made directly.
        String prefix = Api.handle("fan");
        execute("""
                insert into account (handle, display_name, password_hash)
                select ? || g, 'Fan', 'x' from generate_series(1, 5001) g""", prefix);
        execute("""
                insert into follow (follower_id, followee_id)
                select id, ? from account where handle like ? || '%'""", star.id(), prefix);

        long post = Api.post(star, "to my many followers");

        assertThat(walkHome(viewer, 5)).startsWith(post).containsExactlyElementsOf(expected(viewer.id()));
        assertThat(count("select count(*) from home_feed where post_id = ?", post)).as("not fanned out").isZero();
        assertThat(count("select count(*) from feed_large_author where author_id = ?", star.id())).isOne();
    }

    @Test
    void shouldNeverRepeatOrSkipWhenPostsArriveBetweenPages() throws SQLException {
        Api.User viewer = Api.newUser("viewer");
        Api.User author = Api.newUser("author");
        viewer.as().put("/api/accounts/" + author.handle() + "/follow").then().statusCode(200);
        for (int i = 0; i < 9; i++) {
            Api.post(author, "before " + i);
        }
        List<Long> before = expected(viewer.id());
        List<Long> seen = new ArrayList<>();
        String cursor = null;
        do {
            var request = viewer.as().queryParam("limit", 2);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/api/timelines/home").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("items.id", Long.class));
            cursor = page.getString("nextCursor");
            Api.post(author, "arrived while paging");
        } while (cursor != null);

        assertThat(seen).containsExactlyElementsOf(before);
    }

    private List<Long> walkHome(Api.User viewer, int limit) {
        List<Long> seen = new ArrayList<>();
        String cursor = null;
        do {
            var request = viewer.as().queryParam("limit", limit);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/api/timelines/home").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("items.id", Long.class));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        return seen;
    }

    private List<Long> expected(long viewer) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(EXPECTED)) {
            for (int i = 1; i <= 7; i++) {
                s.setLong(i, viewer);
            }
            List<Long> ids = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            return ids;
        }
    }

    private long feedRows(long viewer) throws SQLException {
        return count("select count(*) from home_feed where owner_id = ?", viewer);
    }

    private boolean horizonSet(long viewer) throws SQLException {
        return count("select count(*) from home_feed_state where owner_id = ? and horizon_at is not null", viewer) == 1;
    }

    private long count(String sql, Object parameter) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, parameter);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private void execute(String sql, Object... parameters) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            s.executeUpdate();
        }
    }
}
