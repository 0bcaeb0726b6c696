package dev.murmur.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import org.postgresql.PGConnection;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The journal's insert statements, for {@link Ledger} only: entries and postings set-based (one
 * statement each, however many rows), credit lines by binary COPY. Every value is a bound parameter.
 * Callers check the entries first; this class writes what it is given.
 */
@ApplicationScoped
class JournalRows {

    private final ObjectMapper json;

    JournalRows(ObjectMapper json) {
        this.json = json;
    }

    /** Inserts entries and their postings; returns the entries' ids, in order. */
    Long[] insertEntries(Connection connection, List<JournalEntry> entries, Instant now) throws SQLException {
        Long[] ids = nextIds(connection, entries.size());
        int postingCount = entries.stream().mapToInt(e -> e.postings().size()).sum();
        String[] kinds = new String[entries.size()];
        UUID[] events = new UUID[entries.size()];
        Long[] periods = new Long[entries.size()];
        Timestamp[] occurred = new Timestamp[entries.size()];
        String[] reasons = new String[entries.size()];
        UUID[] resolves = new UUID[entries.size()];
        Long[] postingEntries = new Long[postingCount];
        String[] accountKinds = new String[postingCount];
        Long[] owners = new Long[postingCount];
        String[] addresses = new String[postingCount];
        String[] units = new String[postingCount];
        Long[] amounts = new Long[postingCount];
        int p = 0;
        for (int i = 0; i < entries.size(); i++) {
            JournalEntry e = entries.get(i);
            kinds[i] = e.kind().name();
            events[i] = e.eventId();
            periods[i] = e.periodId();
            occurred[i] = Timestamp.from(e.occurredAt());
            reasons[i] = toJson(e.reason());
            resolves[i] = e.resolves();
            for (JournalEntry.Posting posting : e.postings()) {
                postingEntries[p] = ids[i];
                accountKinds[p] = posting.account().kind().name();
                // No owner is stored as 0 or '' (see V70), so that an account is found by equality.
                owners[p] = posting.account().ownerId() == null ? 0L : posting.account().ownerId();
                addresses[p] = posting.account().ownerAddress() == null ? "" : posting.account().ownerAddress();
                units[p] = posting.unit();
                amounts[p] = posting.amount();
                p++;
            }
        }
        // pending_id: the id of the SETTLEMENT_PENDING entry the resolving entry names by event id;
        // a name that matches none leaves it null, which the table's check refuses.
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into journal_entry (id, kind, event_id, period_id, occurred_at, recorded_at, reason, pending_id)
                select t.id, t.kind, t.event_id, t.period_id, t.occurred_at, ?, t.reason::jsonb,
                       (select p.id from journal_entry p where p.event_id = t.resolves and p.kind = 'SETTLEMENT_PENDING')
                from unnest(?::bigint[], ?::varchar[], ?::uuid[], ?::bigint[], ?::timestamptz[], ?::text[], ?::uuid[])
                     as t(id, kind, event_id, period_id, occurred_at, reason, resolves)""")) {
            insert.setTimestamp(1, Timestamp.from(now));
            insert.setArray(2, connection.createArrayOf("bigint", ids));
            insert.setArray(3, connection.createArrayOf("varchar", kinds));
            insert.setArray(4, connection.createArrayOf("uuid", events));
            insert.setArray(5, connection.createArrayOf("bigint", periods));
            insert.setArray(6, connection.createArrayOf("timestamptz", occurred));
            insert.setArray(7, connection.createArrayOf("text", reasons));
            insert.setArray(8, connection.createArrayOf("uuid", resolves));
            insert.executeUpdate();
        }
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into journal_posting (entry_id, account_kind, owner_id, owner_address, unit, amount)
                select * from unnest(?::bigint[], ?::varchar[], ?::bigint[], ?::varchar[], ?::varchar[], ?::bigint[])""")) {
            insert.setArray(1, connection.createArrayOf("bigint", postingEntries));
            insert.setArray(2, connection.createArrayOf("varchar", accountKinds));
            insert.setArray(3, connection.createArrayOf("bigint", owners));
            insert.setArray(4, connection.createArrayOf("varchar", addresses));
            insert.setArray(5, connection.createArrayOf("varchar", units));
            insert.setArray(6, connection.createArrayOf("bigint", amounts));
            insert.executeUpdate();
        }
        return ids;
    }

    /** Copies credit lines into {@code journal_credit_line}, tied to {@code entryId} (null when they net to nothing). */
    void copyCreditLines(Connection connection, long periodId, Long entryId, List<CreditLine> lines, Instant now) throws SQLException {
        BinaryCopyRows rows = new BinaryCopyRows(15, lines.size());
        for (CreditLine l : lines) {
            rows.row().uuid(l.eventId()).int8(entryId).int8(periodId).int8(l.creatorId()).int8(l.postId())
                    .int8(l.readerId()).int8(l.sourcePostId()).int8(l.amount()).text(l.rule()).text(l.type())
                    .uuid(l.reverses()).timestamptz(l.occurredAt()).timestamptz(now).text(l.kind()).date(l.creditDay());
        }
        try {
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn("""
                    copy journal_credit_line (event_id, entry_id, period_id, creator_id, post_id, reader_id, source_post_id,
                                              amount, rule, type, reverses, occurred_at, recorded_at, kind, credit_day)
                    from stdin (format binary)""",
                    rows.finish());
        } catch (IOException e) {
            throw new SQLException("COPY of credit lines failed", e);
        }
    }

    private static Long[] nextIds(Connection connection, int n) throws SQLException {
        try (PreparedStatement ids = connection.prepareStatement("select nextval('journal_entry_seq') from generate_series(1, ?)")) {
            ids.setInt(1, n);
            Long[] result = new Long[n];
            try (ResultSet rs = ids.executeQuery()) {
                for (int i = 0; rs.next(); i++) {
                    result[i] = rs.getLong(1);
                }
            }
            return result;
        }
    }

    private String toJson(Map<String, Object> reason) {
        try {
            return json.writeValueAsString(reason);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("reason cannot be serialised", e);
        }
    }
}
