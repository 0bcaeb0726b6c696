package dev.murmur.demo;

import dev.murmur.testing.Sql;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo world as {@code ./murmur up --demo} seeds it at start: its likes commit after its accounts
 * and posts (a like never joins a caller's transaction, decision 1174), and every one of them is
 * there, counted and published.
 */
@QuarkusTest
@TestProfile(DemoTrendScenarioTest.Demo.class)
class DemoSeederTest {

    @Inject
    DataSource dataSource;

    @Inject
    DemoSeeder seeder;

    @Test
    void shouldSeedTheDemoWorldWithItsLikesOnceAtStart() throws SQLException {
        // Two readers like the four creators' posts; ada likes grace's.
        assertThat(Sql.single(dataSource, """
                select count(*) from post_like l join account a on a.id = l.account_id
                where a.handle in ('reader1', 'reader2', 'ada')""")).isEqualTo(9);
        assertThat(Sql.single(dataSource, """
                select c.like_count from post_counter c join post p on p.id = c.post_id join account a on a.id = p.author_id
                where a.handle = 'grace' and p.text like 'A ship in port%'""")).isEqualTo(3);
        assertThat(Sql.single(dataSource, """
                select count(*) from outbox_event e
                where e.type = 'dev.murmur.engagement.like.added'
                  and cast(cast(e.payload as jsonb) ->> 'readerId' as bigint) in
                      (select id from account where handle in ('reader1', 'reader2', 'ada'))""")).isEqualTo(9);

        assertThat(seeder.seed()).as("a second seed finds the world there").isFalse();
        assertThat(Sql.single(dataSource, "select count(*) from account where handle in ('ada', 'grace', 'linus', 'margaret', 'reader1', 'reader2')"))
                .isEqualTo(6);
    }
}
