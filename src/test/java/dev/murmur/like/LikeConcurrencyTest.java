package dev.murmur.like;

import dev.murmur.testing.Api;
import dev.murmur.testing.Concurrently;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
class LikeConcurrencyTest {

    @Inject
    DataSource dataSource;

    @Test
    void shouldLeaveOneLikeWhenOneReaderLikesFiftyTimesAtOnce() throws Exception {
        Api.User author = Api.newUser("author");
        Api.User reader = Api.newUser("reader");
        long post = Api.post(author, "like me");

        List<Integer> statuses = Concurrently.run(IntStream.range(0, 50)
                .mapToObj(i -> (Callable<Integer>) () -> reader.as().put("/api/posts/" + post + "/like").statusCode())
                .toList());

        assertThat(statuses).containsOnly(200);
        assertThat(likeRows(post)).isEqualTo(1);
        given().get("/api/posts/" + post).then().body("counts.likes", equalTo(1));
    }

    @Test
    void shouldCountFiftyLikesFromFiftyReadersAtOnce() throws Exception {
        Api.User author = Api.newUser("author");
        long post = Api.post(author, "like me too");
        List<Api.User> readers = IntStream.range(0, 50).mapToObj(i -> Api.newUser("r")).toList();

        List<Integer> statuses = Concurrently.run(readers.stream()
                .map(r -> (Callable<Integer>) () -> r.as().put("/api/posts/" + post + "/like").statusCode())
                .toList());

        assertThat(statuses).containsOnly(200);
        assertThat(likeRows(post)).isEqualTo(50);
        given().get("/api/posts/" + post).then().body("counts.likes", equalTo(50));

        Concurrently.run(readers.stream()
                .map(r -> (Callable<Integer>) () -> r.as().delete("/api/posts/" + post + "/like").statusCode())
                .toList());
        assertThat(likeRows(post)).isZero();
        given().get("/api/posts/" + post).then().body("counts.likes", equalTo(0));
    }


    private long likeRows(long post) throws Exception {
        try (Connection c = dataSource.getConnection();
             ResultSet rs = c.createStatement().executeQuery("select count(*) from post_like where post_id = " + post)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
