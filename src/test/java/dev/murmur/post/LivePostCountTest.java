package dev.murmur.post;

import dev.murmur.common.SqlArrays;
import dev.murmur.post.service.PostService;
import dev.murmur.testing.Api;
import dev.murmur.testing.Sql;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An account's live posts (posts, replies and quotes not deleted: what each engagement event carries
 * as readerPosts) come from one counter row that triggers keep (decision 1177). Whatever writes the
 * posts, through the API or in bulk SQL, the row must equal counting them.
 */
@QuarkusTest
class LivePostCountTest {

    private static final String COUNTED = "select live_posts from account_post_count where account_id = ?";
    private static final String ACTUAL = "select count(*) from post where author_id = ? and kind <> 'REPOST' and deleted_at is null";

    @Inject
    DataSource db;
    @Inject
    PostService posts;

    private long counted(Api.User user) throws SQLException {
        return QuarkusTransaction.requiringNew().call(() -> posts.countLive(user.id()));
    }

    private long actual(long accountId) throws SQLException {
        return Sql.single(db, ACTUAL, accountId);
    }

    @Test
    void shouldCountWhatTheApiWritesAndRemoves() throws SQLException {
        Api.User ada = Api.newUser("counted");
        Api.User bob = Api.newUser("counter");
        Api.User operator = Api.newUserWithRole("countop", "OPERATOR");
        assertThat(counted(ada)).isZero();

        long first = Api.post(ada, "first");
        long second = Api.post(ada, "second");
        long bobs = Api.post(bob, "bob's");
        ada.as().body(Map.of("text", "a reply", "replyTo", bobs)).post("/api/posts").then().statusCode(201);
        ada.as().body(Map.of("text", "a quote", "quoteOf", bobs)).post("/api/posts").then().statusCode(201);
        ada.as().put("/api/posts/" + bobs + "/repost").then().statusCode(200);
        assertThat(counted(ada)).isEqualTo(4).isEqualTo(actual(ada.id()));

        ada.as().delete("/api/posts/" + first).then().statusCode(204);
        ada.as().delete("/api/posts/" + first).then().statusCode(204);
        operator.as().body(Map.of("reason", "spam")).post("/api/operator/moderation/posts/" + second + "/removal")
                .then().statusCode(200);
        ada.as().delete("/api/posts/" + bobs + "/repost").then().statusCode(200);
        assertThat(counted(ada)).isEqualTo(2).isEqualTo(actual(ada.id()));
        assertThat(counted(bob)).isEqualTo(1).isEqualTo(actual(bob.id()));

        // The engagement event of ada's next like carries the count.
        ada.as().put("/api/posts/" + bobs + "/like").then().statusCode(200);
        assertThat(Sql.single(db, """
                select (cast(payload as jsonb) ->> 'readerPosts')::bigint from outbox_event
                where type = 'dev.murmur.engagement.like.added' and (cast(payload as jsonb) ->> 'readerId')::bigint = ?""",
                ada.id())).isEqualTo(2);
    }

    @Test
    void shouldCountWhatBulkStatementsWriteForManyAuthorsAtOnce() throws SQLException {
        List<Api.User> authors = List.of(Api.newUser("bulk"), Api.newUser("bulk"), Api.newUser("bulk"));
        String ids = SqlArrays.bigints(authors.stream().map(Api.User::id).toList());
        Sql.run(db, """
                insert into post (author_id, kind, text, created_at)
                select a, 'POST', 'bulk ' || g, now() from unnest(cast(? as bigint[])) a, generate_series(1, 300) g""", ids);
        Sql.run(db, "update post set deleted_at = now() where author_id = any(cast(? as bigint[])) and id % 3 = 0", ids);
        Sql.run(db, "update post set deleted_at = null where author_id = any(cast(? as bigint[])) and id % 9 = 0", ids);
        for (Api.User author : authors) {
            assertThat(counted(author)).as("author %d", author.id()).isEqualTo(actual(author.id())).isBetween(200L, 300L);
        }
    }
}
