package dev.murmur.ledger;

import dev.murmur.testing.PostgresTestResource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * V70 moves ledger accounts from names ({@code creator:42:pending}) to typed columns. On a real
 * PostgreSQL database migrated to V60, a journal with every kind of account is written the old way;
 * after the rest of the migrations, every balance recomputed from the typed columns equals the
 * balance recomputed from the names before, and posted and voided settlement entries point at the
 * pending entry they resolve.
 */
class TypedAccountsMigrationTest {

    private final PostgresTestResource postgres = new PostgresTestResource();
    private String url;
    private String user;
    /** Empty on the local server (trust auth); the container's own on the Testcontainers path. */
    private String password;

    @BeforeEach
    void freshDatabase() {
        Map<String, String> config = postgres.start();
        url = config.get("quarkus.datasource.jdbc.url");
        user = config.get("quarkus.datasource.username");
        password = config.getOrDefault("quarkus.datasource.password", "");
    }

    @AfterEach
    void dropDatabase() {
        postgres.stop();
    }

    private Flyway flyway(String target) {
        return Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration").target(target).load();
    }

    @Test
    void shouldKeepEveryBalanceWhenAccountsBecomeTypedColumns() throws SQLException {
        flyway("60").migrate();
        long pendingA;
        long pendingB;
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            long period = period(c);
            Random random = new Random(7);
            List<String> creditAccounts = List.of("creator:11:credits", "creator:12:credits", "creator:1300000000007:credits");
            for (int i = 0; i < 40; i++) {
                long amount = 1 + random.nextInt(50);
                String creator = creditAccounts.get(random.nextInt(creditAccounts.size()));
                entry(c, period, "ENGAGEMENT_CREDIT", "{}", Map.of(creator, amount, "pool:engagement", -amount));
                if (i % 5 == 0) {
                    entry(c, period, "TREND_CREDIT", "{}", Map.of(creator, amount, "pool:trends", -amount));
                }
            }
            entry(c, period, "PERIOD_CLOSE", "{}", Map.of("creator:11:unsettled", 700L, "creator:12:unsettled", 300L, "funding:rewards", -1000L));
            entry(c, period, "DEPOSIT", "{}", Map.of("reader:21:balance", 90L, "chain:deposits", -90L));
            entry(c, period, "DEPOSIT", "{}", Map.of("held:0xabcdef0123456789abcdef0123456789abcdef01:deposits", 40L, "chain:deposits", -40L));
            entry(c, period, "TIP", "{}", Map.of("reader:21:balance", -30L, "creator:12:unsettled", 27L, "platform:tip-fees", 3L));
            pendingA = entry(c, period, "SETTLEMENT_PENDING", "{\"batch\": 1}", Map.of("creator:11:unsettled", -500L, "creator:11:pending", 500L));
            entry(c, period, "SETTLEMENT_POSTED", "{\"batch\": 1}", Map.of("creator:11:pending", -500L, "creator:11:settled", 500L));
            pendingB = entry(c, period, "SETTLEMENT_PENDING", "{\"batch\": 2}", Map.of("creator:12:unsettled", -200L, "creator:12:pending", 200L));
            entry(c, period, "SETTLEMENT_VOIDED", "{\"batch\": 2}", Map.of("creator:12:pending", -200L, "creator:12:unsettled", 200L));
            entry(c, period, "CLAIMED", "{}", Map.of("creator:11:settled", -120L, "creator:11:claimed", 120L));
        }
        Map<String, Long> before = query("""
                select account_code as account, unit, sum(amount) as balance from journal_posting group by account_code, unit""");
        assertThat(before).hasSize(16);

        flyway("latest").migrate();

        // The names are gone; the test rebuilds them from the typed columns, independently of the code.
        Map<String, Long> after = query("""
                select case account_kind
                           when 'ENGAGEMENT_POOL' then 'pool:engagement' when 'TREND_POOL' then 'pool:trends'
                           when 'REWARD_FUNDING' then 'funding:rewards' when 'CHAIN_DEPOSITS' then 'chain:deposits'
                           when 'TIP_FEES' then 'platform:tip-fees'
                           when 'READER_BALANCE' then 'reader:' || owner_id || ':balance'
                           when 'HELD_DEPOSITS' then 'held:' || owner_address || ':deposits'
                           else 'creator:' || owner_id || ':' || lower(substr(account_kind, length('CREATOR_') + 1))
                       end as account, unit, sum(amount) as balance
                from journal_posting group by 1, unit""");
        assertThat(after).isEqualTo(before);
        assertThat(query("select 'entries' as account, '' as unit, count(*) as balance from journal_entry where pending_id is null "
                + "and kind in ('SETTLEMENT_POSTED', 'SETTLEMENT_VOIDED')")).containsEntry("entries/", 0L);
        assertThat(query("select kind as account, '' as unit, pending_id as balance from journal_entry where pending_id is not null"))
                .isEqualTo(Map.of("SETTLEMENT_POSTED/", pendingA, "SETTLEMENT_VOIDED/", pendingB));
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("update journal_posting set amount = amount + 1"))
                    .as("rows are append-only again after the migration").hasMessageContaining("append-only");
        }
    }

    @Test
    void shouldRefuseToMigrateAnAccountNameItDoesNotKnow() throws SQLException {
        flyway("60").migrate();
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            entry(c, period(c), "DEPOSIT", "{}", Map.of("mystery:account", 5L, "chain:deposits", -5L));
        }
        assertThatThrownBy(() -> flyway("latest").migrate()).isInstanceOf(FlywayException.class)
                .hasMessageContaining("mystery:account");
    }

    private static long period(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                insert into reward_period (starts_at, ends_at, status, closed_at) values (now(), now(), 'CLOSED', now()) returning id""")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Writes one entry the V60 way (accounts as names); returns its id. */
    private static long entry(Connection c, long period, String kind, String reason, Map<String, Long> postings) throws SQLException {
        long id;
        try (PreparedStatement s = c.prepareStatement("""
                insert into journal_entry (id, kind, event_id, period_id, occurred_at, recorded_at, reason)
                values (nextval('journal_entry_seq'), ?, ?, ?, now(), now(), ?::jsonb) returning id""")) {
            s.setString(1, kind);
            s.setObject(2, UUID.randomUUID());
            s.setLong(3, period);
            s.setString(4, reason);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
        }
        for (Map.Entry<String, Long> p : postings.entrySet()) {
            boolean credit = p.getKey().endsWith(":credits") || p.getKey().startsWith("pool:");
            try (PreparedStatement s = c.prepareStatement(
                    "insert into journal_posting (entry_id, account_code, unit, amount) values (?, ?, ?, ?)")) {
                s.setLong(1, id);
                s.setString(2, p.getKey());
                s.setString(3, credit ? "CREDIT" : "TOKEN");
                s.setLong(4, p.getValue());
                s.executeUpdate();
            }
        }
        return id;
    }

    /** Rows of (account, unit, balance) as "account/unit" to balance. */
    private Map<String, Long> query(String sql) throws SQLException {
        Map<String, Long> result = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                result.put(rs.getString("account") + "/" + rs.getString("unit"), rs.getLong("balance"));
            }
        }
        return result;
    }
}
