package dev.murmur.like;

import dev.murmur.like.service.LikeBatch;
import dev.murmur.like.service.LikeService;
import dev.murmur.outbox.Outbox;
import dev.murmur.problem.ProblemType;
import dev.murmur.testing.Api;
import dev.murmur.testing.Sql;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One batch of likes (decision 1174) holding every case a batch meets at once: each like's outcome is
 * what it would be alone, refused likes write nothing, and a reader's likes of one post (directly and
 * through a repost, or twice) make one row, one count and one event.
 */
@QuarkusTest
class LikeBatchTest {

    @Inject
    LikeBatch batch;

    @Inject
    DataSource dataSource;

    @Test
    void shouldGiveEachLikeOfABatchTheOutcomeItWouldHaveAlone() throws SQLException {
        Api.User author = Api.newUser("author");
        Api.User reposter = Api.newUser("reposter");
        Api.User reader = Api.newUser("reader");
        Api.User other = Api.newUser("other");
        Api.User blocker = Api.newUser("blocker");
        long post = Api.post(author, "liked by a batch");
        long earlier = Api.post(author, "liked before the batch");
        long gone = Api.post(author, "deleted before the batch");
        author.as().delete("/api/posts/" + gone).then().statusCode(204);
        reposter.as().put("/api/posts/" + post + "/repost").then().statusCode(200);
        long repost = Sql.single(dataSource, "select id from post where repost_of_id = ? and kind = 'REPOST'", post);
        blocker.as().put("/api/accounts/" + author.handle() + "/block").then().statusCode(200);
        reader.as().put("/api/posts/" + earlier + "/like").then().statusCode(200);
        long eventsBefore = Sql.single(dataSource, "select count(*) from outbox_event where type = 'dev.murmur.engagement.like.added' and subject = 'post/' || ?", earlier);

        List<LikeBatch.Outcome> outcomes = batch.write(List.of(
                new LikeBatch.Request(reader.id(), post),
                new LikeBatch.Request(reader.id(), repost),        // the same like, through the repost
                new LikeBatch.Request(other.id(), post),
                new LikeBatch.Request(reader.id(), post),          // asked twice in one batch
                new LikeBatch.Request(reader.id(), Long.MAX_VALUE), // no such post
                new LikeBatch.Request(reader.id(), gone),
                new LikeBatch.Request(blocker.id(), post),
                new LikeBatch.Request(reader.id(), earlier)));      // liked already

        assertThat(outcomes).hasSize(8);
        for (int i : new int[]{0, 1, 2, 3}) {
            assertThat(outcomes.get(i).refused()).as("like %d", i).isNull();
            assertThat(outcomes.get(i).state()).as("like %d", i).isEqualTo(new LikeService.LikeState(post, true, 2));
        }
        assertThat(outcomes.get(4).refused().type()).isEqualTo(ProblemType.NOT_FOUND);
        assertThat(outcomes.get(5).refused().type()).isEqualTo(ProblemType.POST_DELETED);
        assertThat(outcomes.get(6).refused().type()).isEqualTo(ProblemType.BLOCKED);
        assertThat(outcomes.get(7).state()).isEqualTo(new LikeService.LikeState(earlier, true, 1));

        assertThat(Sql.column(dataSource, "select account_id from post_like where post_id = ?", post)).containsExactlyInAnyOrder(reader.id(), other.id());
        assertThat(Sql.single(dataSource, "select count(*) from post_like where post_id = ?", repost)).isZero();
        assertThat(Sql.single(dataSource, "select count(*) from post_like where post_id = ?", gone)).isZero();
        assertThat(Sql.single(dataSource, "select like_count from post_counter where post_id = ?", post)).isEqualTo(2);
        assertThat(Sql.single(dataSource, "select like_count from post_counter where post_id = ?", earlier)).isEqualTo(1);
        assertThat(Sql.single(dataSource, "select count(*) from outbox_event where type = 'dev.murmur.engagement.like.added' and subject = 'post/' || ?", post))
                .isEqualTo(2);
        assertThat(Sql.single(dataSource, "select count(*) from outbox_event where type = 'dev.murmur.engagement.like.added' and subject = 'post/' || ?", earlier))
                .isEqualTo(eventsBefore);
        assertThat(Sql.single(dataSource, "select count(*) from outbox_event where type = 'dev.murmur.engagement.like.added' and subject = 'post/' || ?", gone))
                .as("the deleted post's like wrote no event").isZero();
    }

    @Test
    void shouldWriteOneEventPerNewLikeOfABatchWithItsOwnReadersFacts() throws SQLException {
        Api.User author = Api.newUser("author");
        List<Api.User> readers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Api.User reader = Api.newUser("reader");
            for (int p = 0; p < i; p++) {
                Api.post(reader, "post " + p + " of my own");
            }
            readers.add(reader);
        }
        long post = Api.post(author, "liked by five at once");

        batch.write(readers.stream().map(r -> new LikeBatch.Request(r.id(), post)).toList());

        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("""
                select (cast(payload as jsonb) ->> 'readerId')::bigint, (cast(payload as jsonb) ->> 'readerPosts')::bigint,
                       event_key, lane
                from outbox_event where type = 'dev.murmur.engagement.like.added' and subject = ? order by seq""")) {
            s.setString(1, "post/" + post);
            List<long[]> events = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    assertThat(rs.getString(3)).isEqualTo(Long.toString(author.id()));
                    events.add(new long[]{rs.getLong(1), rs.getLong(2), rs.getInt(4)});
                }
            }
            // Rows are inserted in (post, account) order, and readers are numbered in creation order.
            assertThat(events).extracting(e -> e[0]).containsExactlyElementsOf(readers.stream().map(Api.User::id).toList());
            assertThat(events).extracting(e -> e[1]).containsExactly(0L, 1L, 2L, 3L, 4L);
            assertThat(events).extracting(e -> e[2]).containsOnly((long) Math.floorMod(Long.toString(author.id()).hashCode(), Outbox.LANES));
        }
    }
}
