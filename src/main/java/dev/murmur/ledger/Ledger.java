package dev.murmur.ledger;

import dev.murmur.common.SqlTimes;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;

import org.postgresql.PGConnection;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The double-entry journal: the only writer of credit and money movements. Append-only (the
 * database refuses updates and deletes); a correction is a new, reversing entry. Every entry is
 * checked to balance per unit before anything is written. Balances are sums of postings.
 */
@ApplicationScoped
public class Ledger {

    private final EntityManager em;
    private final ObjectMapper json;
    private final Clock clock;

    public Ledger(EntityManager em, ObjectMapper json, Clock clock) {
        this.em = em;
        this.json = json;
        this.clock = clock;
    }

    /** Checks that each entry balances per unit; throws {@link UnbalancedEntryException} otherwise. */
    public static void requireBalanced(JournalEntry entry) {
        if (entry.postings().isEmpty()) {
            throw new UnbalancedEntryException("entry " + entry.kind() + " has no postings");
        }
        Map<String, Long> perUnit = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (JournalEntry.Posting p : entry.postings()) {
            if (p.amount() == 0) {
                throw new UnbalancedEntryException("zero posting to " + p.account());
            }
            if (!seen.add(p.account() + "\u0000" + p.unit())) {
                throw new UnbalancedEntryException("two postings to " + p.account() + " in " + p.unit());
            }
            perUnit.merge(p.unit(), p.amount(), Math::addExact);
        }
        perUnit.forEach((unit, sum) -> {
            if (sum != 0) {
                throw new UnbalancedEntryException("entry " + entry.kind() + " is off by " + sum + " " + unit);
            }
        });
    }

    /** Records entries in the caller's transaction, with two set-based inserts however many there are. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(List<JournalEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        entries.forEach(Ledger::requireBalanced);
        Instant now = clock.instant();
        em.unwrap(Session.class).doWork(connection -> write(connection, entries, now));
    }

    /**
     * One engagement credit (amount > 0) or reversal (amount < 0), and why. {@code kind} is the
     * engagement kind; {@code creditDay} the UTC day the credit counts for (for a reversal, the day
     * of the credit it takes back), so that what a reader gave a creator on a day is a sum of lines.
     */
    public record CreditLine(UUID eventId, long creatorId, long postId, Long readerId, Long sourcePostId, long amount,
                             String rule, String type, UUID reverses, Instant occurredAt, String kind, LocalDate creditDay) {
    }

    /** A credit line as recorded, with when the ledger wrote it. */
    public record RecordedCredit(CreditLine line, Instant recordedAt) {
    }

    /**
     * Records a batch of engagement credits and reversals in the caller's transaction: one journal
     * entry whose postings are each creator's net amount (and the pool's opposite), and one line
     * per event with its reason. A handful of statements and one COPY, however large the batch.
     * The lines' event ids are unique: an event can never move credit twice.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordCredits(long periodId, List<CreditLine> lines) {
        if (lines.isEmpty()) {
            return;
        }
        Map<Long, Long> net = new TreeMap<>();
        Instant occurred = Instant.MIN;
        for (CreditLine line : lines) {
            if (line.amount() == 0) {
                throw new UnbalancedEntryException("zero credit line for event " + line.eventId());
            }
            if (line.kind() == null || line.creditDay() == null) {
                throw new IllegalArgumentException("credit line for event " + line.eventId() + " needs a kind and a day");
            }
            net.merge(line.creatorId(), line.amount(), Math::addExact);
            occurred = line.occurredAt().isAfter(occurred) ? line.occurredAt() : occurred;
        }
        List<JournalEntry.Posting> postings = new ArrayList<>();
        long pool = 0;
        for (Map.Entry<Long, Long> creator : net.entrySet()) {
            if (creator.getValue() != 0) {
                postings.add(new JournalEntry.Posting(LedgerAccounts.creatorCredits(creator.getKey()), LedgerAccounts.CREDIT, creator.getValue()));
                pool -= creator.getValue();
            }
        }
        if (pool != 0) {
            postings.add(new JournalEntry.Posting(LedgerAccounts.ENGAGEMENT_POOL, LedgerAccounts.CREDIT, pool));
        }
        JournalEntry entry = postings.isEmpty() ? null : new JournalEntry(JournalEntry.Kind.ENGAGEMENT_CREDIT, null, periodId,
                occurred, Map.of("rule", "engagement-batch", "events", lines.size(), "lines", "journal_credit_line"), postings);
        if (entry != null) {
            requireBalanced(entry);
        }
        Instant now = clock.instant();
        em.unwrap(Session.class).doWork(connection -> {
            Long entryId = entry == null ? null : write(connection, List.of(entry), now)[0];
            copyLines(connection, periodId, entryId, lines, now);
        });
    }

    private static void copyLines(Connection connection, long periodId, Long entryId, List<CreditLine> lines, Instant now)
            throws SQLException {
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

    /** Credit lines of one creator in one period, newest first: the answer to "why did I earn this?". */
    public List<RecordedCredit> creditLines(long creatorId, long periodId, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        select event_id, creator_id, post_id, reader_id, source_post_id, amount, rule, type, reverses,
                               occurred_at, recorded_at, kind, credit_day
                        from journal_credit_line where creator_id = :c and period_id = :p
                        order by recorded_at desc, event_id desc limit :limit""")
                .setParameter("c", creatorId).setParameter("p", periodId).setParameter("limit", limit).getResultList();
        List<RecordedCredit> lines = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            lines.add(new RecordedCredit(new CreditLine((UUID) r[0], ((Number) r[1]).longValue(), ((Number) r[2]).longValue(),
                    r[3] == null ? null : ((Number) r[3]).longValue(), r[4] == null ? null : ((Number) r[4]).longValue(),
                    ((Number) r[5]).longValue(), (String) r[6], (String) r[7], (UUID) r[8], SqlTimes.instant(r[9]), (String) r[11],
                    SqlTimes.localDate(r[12])), SqlTimes.instant(r[10])));
        }
        return lines;
    }

    /** A creator's net engagement credits per period and post (reversals included), for statements. */
    public record PostCredits(long periodId, long postId, long credits) {
    }

    public List<PostCredits> creditsByPeriodAndPost(long creatorId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        select period_id, post_id, sum(amount) from journal_credit_line where creator_id = :c
                        group by period_id, post_id order by period_id, post_id""")
                .setParameter("c", creatorId).getResultList();
        return rows.stream().map(r -> new PostCredits(((Number) r[0]).longValue(), ((Number) r[1]).longValue(),
                ((Number) r[2]).longValue())).toList();
    }

    /** Inserts checked entries and their postings set-based; returns the entries' ids, in order. */
    private Long[] write(Connection connection, List<JournalEntry> entries, Instant now) throws SQLException {
        Long[] ids = nextIds(connection, entries.size());
        int postingCount = entries.stream().mapToInt(e -> e.postings().size()).sum();
        String[] kinds = new String[entries.size()];
        UUID[] events = new UUID[entries.size()];
        Long[] periods = new Long[entries.size()];
        Timestamp[] occurred = new Timestamp[entries.size()];
        String[] reasons = new String[entries.size()];
        Long[] postingEntries = new Long[postingCount];
        String[] accounts = new String[postingCount];
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
            for (JournalEntry.Posting posting : e.postings()) {
                postingEntries[p] = ids[i];
                accounts[p] = posting.account();
                units[p] = posting.unit();
                amounts[p] = posting.amount();
                p++;
            }
        }
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into journal_entry (id, kind, event_id, period_id, occurred_at, recorded_at, reason)
                select id, kind, event_id, period_id, occurred_at, ?, reason::jsonb
                from unnest(?::bigint[], ?::varchar[], ?::uuid[], ?::bigint[], ?::timestamptz[], ?::text[])
                     as t(id, kind, event_id, period_id, occurred_at, reason)""")) {
            insert.setTimestamp(1, Timestamp.from(now));
            insert.setArray(2, connection.createArrayOf("bigint", ids));
            insert.setArray(3, connection.createArrayOf("varchar", kinds));
            insert.setArray(4, connection.createArrayOf("uuid", events));
            insert.setArray(5, connection.createArrayOf("bigint", periods));
            insert.setArray(6, connection.createArrayOf("timestamptz", occurred));
            insert.setArray(7, connection.createArrayOf("text", reasons));
            insert.executeUpdate();
        }
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into journal_posting (entry_id, account_code, unit, amount)
                select * from unnest(?::bigint[], ?::varchar[], ?::varchar[], ?::bigint[])""")) {
            insert.setArray(1, connection.createArrayOf("bigint", postingEntries));
            insert.setArray(2, connection.createArrayOf("varchar", accounts));
            insert.setArray(3, connection.createArrayOf("varchar", units));
            insert.setArray(4, connection.createArrayOf("bigint", amounts));
            insert.executeUpdate();
        }
        return ids;
    }

    /** Whether an entry caused by {@code eventId} is in the journal. */
    public boolean entryExists(UUID eventId) {
        return !em.createNativeQuery("select 1 from journal_entry where event_id = :e").setParameter("e", eventId)
                .getResultList().isEmpty();
    }

    /** The balance of one account in one unit, summed from its postings. */
    public long balance(String account, String unit) {
        return ((Number) em.createNativeQuery("""
                        select coalesce(sum(amount), 0) from journal_posting where account_code = :a and unit = :u""")
                .setParameter("a", account).setParameter("u", unit).getSingleResult()).longValue();
    }

    /** Each creator's net credits in a period (creators with no postings are absent). */
    public Map<Long, Long> creditsByCreator(long periodId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        select split_part(p.account_code, ':', 2)::bigint, sum(p.amount)
                        from journal_posting p join journal_entry e on e.id = p.entry_id
                        where e.period_id = :period and p.unit = 'CREDIT' and p.account_code like 'creator:%:credits'
                        group by 1""")
                .setParameter("period", periodId).getResultList();
        Map<Long, Long> credits = new HashMap<>();
        for (Object[] row : rows) {
            credits.put(((Number) row[0]).longValue(), ((Number) row[1]).longValue());
        }
        return credits;
    }

    /** What each creator was paid when a period closed (TOKEN base units). */
    public Map<Long, Long> payoutsByCreator(long periodId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        select split_part(p.account_code, ':', 2)::bigint, sum(p.amount)
                        from journal_posting p join journal_entry e on e.id = p.entry_id
                        where e.period_id = :period and e.kind = 'PERIOD_CLOSE' and p.unit = 'TOKEN'
                          and p.account_code like 'creator:%:unsettled'
                        group by 1""")
                .setParameter("period", periodId).getResultList();
        Map<Long, Long> paid = new HashMap<>();
        for (Object[] row : rows) {
            paid.put(((Number) row[0]).longValue(), ((Number) row[1]).longValue());
        }
        return paid;
    }

    /**
     * Every creator's TOKEN balance in one kind of account ({@link LedgerAccounts#UNSETTLED},
     * {@link LedgerAccounts#PENDING} or {@link LedgerAccounts#SETTLED}); zero balances are left out.
     */
    public Map<Long, Long> creatorTokenBalances(String kind) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        select split_part(account_code, ':', 2)::bigint, sum(amount)
                        from journal_posting
                        where unit = 'TOKEN' and account_code like 'creator:%' and split_part(account_code, ':', 3) = :kind
                        group by 1 having sum(amount) <> 0""")
                .setParameter("kind", kind).getResultList();
        Map<Long, Long> balances = new HashMap<>();
        for (Object[] row : rows) {
            balances.put(((Number) row[0]).longValue(), ((Number) row[1]).longValue());
        }
        return balances;
    }

    /** The sum of all creators' TOKEN balances in one kind of account. */
    public long creatorTokenTotal(String kind) {
        return ((Number) em.createNativeQuery("""
                        select coalesce(sum(amount), 0) from journal_posting
                        where unit = 'TOKEN' and account_code like 'creator:%' and split_part(account_code, ':', 3) = :kind""")
                .setParameter("kind", kind).getSingleResult()).longValue();
    }

    /** The TOKEN total of every account whose code matches a SQL LIKE pattern ({@code reader:%:balance}). */
    public long tokenTotalLike(String pattern) {
        return ((Number) em.createNativeQuery("""
                        select coalesce(sum(amount), 0) from journal_posting where unit = 'TOKEN' and account_code like :p""")
                .setParameter("p", pattern).getSingleResult()).longValue();
    }

    /** An account's net movement per period in one unit. */
    public Map<Long, Long> totalsByPeriod(String account, String unit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        select e.period_id, sum(p.amount)
                        from journal_posting p join journal_entry e on e.id = p.entry_id
                        where p.account_code = :a and p.unit = :u
                        group by 1""")
                .setParameter("a", account).setParameter("u", unit).getResultList();
        Map<Long, Long> totals = new HashMap<>();
        for (Object[] row : rows) {
            totals.put(((Number) row[0]).longValue(), ((Number) row[1]).longValue());
        }
        return totals;
    }

    /** One movement on an account, with the entry's reason: the answer to "why did I earn this?". */
    public record Line(long entryId, String kind, UUID eventId, long periodId, Instant occurredAt, Instant recordedAt,
                       long amount, String reason) {
    }

    /** Movements on one account and unit, optionally limited to one period, newest first. */
    public List<Line> lines(String account, String unit, Long periodId, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        select e.id, e.kind, e.event_id, e.period_id, e.occurred_at, e.recorded_at, p.amount, cast(e.reason as text)
                        from journal_posting p join journal_entry e on e.id = p.entry_id
                        where p.account_code = :a and p.unit = :u and (cast(:period as bigint) is null or e.period_id = :period)
                        order by e.id desc limit :limit""")
                .setParameter("a", account).setParameter("u", unit).setParameter("period", periodId)
                .setParameter("limit", limit).getResultList();
        List<Line> lines = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            lines.add(new Line(((Number) r[0]).longValue(), (String) r[1], (UUID) r[2], ((Number) r[3]).longValue(),
                    SqlTimes.instant(r[4]), SqlTimes.instant(r[5]), ((Number) r[6]).longValue(), (String) r[7]));
        }
        return lines;
    }

    // ---- what the lines say, for the payout worker (one statement per batch each) --------------

    /**
     * Which events the ledger has already recorded: of {@code lineIds}, those with a credit line; of
     * {@code entryIds}, those that caused a journal entry. Both are unique on the event id.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Set<UUID> recordedEvents(Collection<UUID> lineIds, Collection<UUID> entryIds) {
        Set<UUID> found = new HashSet<>();
        if (lineIds.isEmpty() && entryIds.isEmpty()) {
            return found;
        }
        em.unwrap(Session.class).doWork(c -> {
            try (PreparedStatement s = c.prepareStatement("""
                    select event_id from journal_credit_line where event_id = any(?::uuid[])
                    union all
                    select event_id from journal_entry where event_id = any(?::uuid[])""")) {
                s.setArray(1, c.createArrayOf("uuid", lineIds.toArray()));
                s.setArray(2, c.createArrayOf("uuid", entryIds.toArray()));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        found.add(rs.getObject(1, UUID.class));
                    }
                }
            }
        });
        return found;
    }

    /**
     * What the reward policy needs from a credit line: whose credit, for which engagement, how much,
     * counted against which day, and which grant a reversal takes back.
     */
    public record PolicyLine(UUID eventId, long creatorId, long postId, Long readerId, Long sourcePostId, long amount,
                             UUID reverses, String kind, LocalDate creditDay) {
    }

    /** Every credit line of the given creators, in no particular order: the payout worker's state, loaded whole. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<PolicyLine> policyLines(Collection<Long> creators) {
        List<PolicyLine> lines = new ArrayList<>();
        if (creators.isEmpty()) {
            return lines;
        }
        em.unwrap(Session.class).doWork(c -> {
            try (PreparedStatement s = c.prepareStatement("""
                    select event_id, creator_id, post_id, reader_id, source_post_id, amount, reverses, kind, credit_day
                    from journal_credit_line where creator_id = any(?::bigint[])""")) {
                s.setArray(1, c.createArrayOf("bigint", creators.toArray()));
                s.setFetchSize(10_000);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        long reader = rs.getLong(4);
                        Long readerId = rs.wasNull() ? null : reader;
                        long source = rs.getLong(5);
                        Long sourceId = rs.wasNull() ? null : source;
                        lines.add(new PolicyLine(rs.getObject(1, UUID.class), rs.getLong(2), rs.getLong(3), readerId, sourceId,
                                rs.getLong(6), rs.getObject(7, UUID.class), rs.getString(8), rs.getObject(9, LocalDate.class)));
                    }
                }
            }
        });
        return lines;
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
