package dev.murmur.like;

import dev.murmur.like.service.LikeService;
import dev.murmur.testing.Api;
import dev.murmur.testing.Sql;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionalException;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

/** What one like does and refuses: the target, the counter, the engagement event and the block rules. */
@QuarkusTest
class LikeTest {

    @Inject
    DataSource dataSource;

    @Inject
    LikeService likes;

    @Test
    void shouldLikeTheOriginalWhenAReaderLikesARepost() throws SQLException {
        Api.User author = Api.newUser("author");
        Api.User reposter = Api.newUser("reposter");
        Api.User reader = Api.newUser("reader");
        long original = Api.post(author, "worth passing on");
        reposter.as().put("/api/posts/" + original + "/repost").then().statusCode(200);
        long repost = Sql.single(dataSource, "select id from post where repost_of_id = ? and kind = 'REPOST'", original);

        reader.as().put("/api/posts/" + repost + "/like").then().statusCode(200)
                .body("postId", equalTo((int) original)).body("liked", equalTo(true)).body("likes", equalTo(1));

        given().get("/api/posts/" + original).then().body("counts.likes", equalTo(1));
        assertThat(Sql.single(dataSource, "select count(*) from post_like where post_id = ?", original)).isEqualTo(1);
        assertThat(Sql.single(dataSource, "select count(*) from post_like where post_id = ?", repost)).isZero();
        assertThat(likeEvents(original)).extracting(LikeEvent::creatorId).containsExactly(author.id());
    }

    @Test
    void shouldRecordOneEventCarryingTheReadersFactsForANewLikeOnly() throws SQLException {
        Api.User author = Api.newUser("author");
        Api.User reader = Api.newUser("reader");
        long post = Api.post(author, "like me once");
        Api.post(reader, "a post of my own");
        long gone = Api.post(reader, "soon gone");
        reader.as().delete("/api/posts/" + gone).then().statusCode(204);
        Api.User other = Api.newUser("other");
        reader.as().put("/api/posts/" + Api.post(other, "reposted") + "/repost").then().statusCode(200);

        reader.as().put("/api/posts/" + post + "/like").then().statusCode(200).body("likes", equalTo(1));
        reader.as().put("/api/posts/" + post + "/like").then().statusCode(200).body("likes", equalTo(1)).body("liked", equalTo(true));

        List<LikeEvent> events = likeEvents(post);
        assertThat(events).hasSize(1);
        LikeEvent event = events.getFirst();
        assertThat(event.readerId()).isEqualTo(reader.id());
        assertThat(event.creatorId()).isEqualTo(author.id());
        // Live posts of the reader's own: the deleted one and the repost do not count.
        assertThat(event.readerPosts()).isEqualTo(1);
        assertThat(event.readerSince()).isEqualTo(instant("select created_at from account where id = ?", reader.id()));
        assertThat(Sql.single(dataSource, "select coalesce(sum(like_count), 0) from post_counter where post_id = ?", post)).isEqualTo(1);
    }

    @Test
    void shouldRefuseALikeWhenEitherAccountBlocksTheOtherAndChangeNothing() throws SQLException {
        Api.User author = Api.newUser("author");
        Api.User blocker = Api.newUser("blocker");
        long post = Api.post(author, "not for blockers");
        blocker.as().put("/api/accounts/" + author.handle() + "/block").then().statusCode(200);

        blocker.as().put("/api/posts/" + post + "/like").then().statusCode(403)
                .contentType("application/problem+json").body("type", equalTo("https://murmur.dev/problems/blocked"));

        assertThat(Sql.single(dataSource, "select count(*) from post_like where post_id = ?", post)).isZero();
        assertThat(Sql.single(dataSource, "select coalesce(sum(like_count), 0) from post_counter where post_id = ?", post)).isZero();
        assertThat(likeEvents(post)).isEmpty();
    }

    @Test
    void shouldLetAnAuthorLikeTheirOwnPost() {
        Api.User author = Api.newUser("author");
        long post = Api.post(author, "self-assured");

        author.as().put("/api/posts/" + post + "/like").then().statusCode(200).body("likes", equalTo(1));
    }

    @Test
    void shouldRefuseToLikeInsideACallersTransactionWhichCouldNotUndoIt() throws SQLException {
        Api.User author = Api.newUser("author");
        Api.User reader = Api.newUser("reader");
        long post = Api.post(author, "not from inside a transaction");

        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> likes.like(reader.id(), post)))
                .isInstanceOf(TransactionalException.class);

        assertThat(Sql.single(dataSource, "select count(*) from post_like where post_id = ?", post)).isZero();
    }

    private record LikeEvent(long readerId, long creatorId, long readerPosts, Instant readerSince) {
    }

    private List<LikeEvent> likeEvents(long post) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("""
                select p ->> 'readerId', p ->> 'creatorId', p ->> 'readerPosts', p ->> 'readerSince'
                from (select cast(payload as jsonb) as p from outbox_event
                      where type = 'dev.murmur.engagement.like.added' and subject = ? order by seq) e""")) {
            s.setString(1, "post/" + post);
            List<LikeEvent> events = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    events.add(new LikeEvent(rs.getLong(1), rs.getLong(2), rs.getLong(3), Instant.parse(rs.getString(4))));
                }
            }
            return events;
        }
    }

    private Instant instant(String sql, long parameter) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, parameter);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getTimestamp(1).toInstant();
            }
        }
    }
}
