package dev.murmur.outbox;

import dev.murmur.testing.Api;
import dev.murmur.testing.Sql;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Published outbox rows go once they are older than the retention (decision 1175); rows published
 * since, and rows not yet published however old, stay. A retention of 3 s stands for the default
 * week; the scheduled run is off, so that only the test prunes.
 */
@QuarkusTest
@TestProfile(OutboxPrunerTest.ShortRetention.class)
class OutboxPrunerTest {

    public static class ShortRetention implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("murmur.outbox.retention", "PT3S", "murmur.outbox.prune-interval", "off");
        }
    }

    private static final String ROWS_OF_SUBJECT = "select count(*) from outbox_event where subject = ?";

    @Inject
    OutboxPruner pruner;

    @Inject
    DataSource dataSource;

    @Test
    void shouldDeletePublishedEventsPastTheRetentionAndKeepNewerAndUnpublishedOnes() throws Exception {
        pruner.run(); // what earlier tests left, so that the runs below are quick against the retention
        Api.User ada = Api.newUser("pruned");
        long old = Api.post(ada, "old news");
        awaitPublished("post/" + old);
        Thread.sleep(3_500);

        // An event past the retention that no relay has published: its lane is held, as a relay in
        // another process holds the lanes it publishes.
        int lane = (Outbox.lane(Long.toString(ada.id())) + 1) % Outbox.LANES;
        UUID stuck = UUID.randomUUID();
        try (Connection holder = dataSource.getConnection()) {
            try (PreparedStatement s = holder.prepareStatement("select pg_advisory_lock(?, ?)")) {
                s.setInt(1, OutboxRelay.LOCK_NAMESPACE);
                s.setInt(2, lane);
                s.execute();
            }
            try (PreparedStatement s = holder.prepareStatement("""
                    insert into outbox_event (id, topic, event_key, lane, type, subject, payload, occurred_at)
                    values (?, 'murmur.posts', 'stuck', ?, 'dev.murmur.test.stuck', 'stuck', '{}', now() - interval '1 day')""")) {
                s.setObject(1, stuck);
                s.setInt(2, lane);
                s.executeUpdate();
            }
            long fresh = Api.post(ada, "fresh news");
            awaitPublished("post/" + fresh);

            assertThat(pruner.run()).isPositive();

            assertThat(Sql.single(dataSource, ROWS_OF_SUBJECT, "post/" + old)).as("published before the retention").isZero();
            assertThat(Sql.single(dataSource, ROWS_OF_SUBJECT, "post/" + fresh)).as("published within the retention").isPositive();
            assertThat(Sql.single(dataSource, ROWS_OF_SUBJECT, "stuck")).as("never published").isEqualTo(1);
            assertThat(pruner.run()).as("a second run finds nothing left to delete").isZero();

            try (PreparedStatement s = holder.prepareStatement("delete from outbox_event where id = ?")) {
                s.setObject(1, stuck);
                s.executeUpdate();
            }
        }
    }

    private void awaitPublished(String subject) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                    "select count(*) filter (where published_at is null), count(*) from outbox_event where subject = ?")) {
                s.setString(1, subject);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getLong(1) == 0 && rs.getLong(2) > 0;
                }
            }
        });
    }
}
