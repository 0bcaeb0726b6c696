package dev.murmur.ledger;

import dev.murmur.common.SqlRows;
import dev.murmur.common.SqlTimes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The journal's read model: balances, per-period totals and the lines behind them, for earnings,
 * statements, tips and settlement. Balances are sums of postings, recomputed on every read; accounts
 * are matched on their typed columns, never by parsing a name.
 */
@ApplicationScoped
public class LedgerQueries {

    private final EntityManager em;

    public LedgerQueries(EntityManager em) {
        this.em = em;
    }

    /** Whether an entry caused by {@code eventId} is in the journal. */
    public boolean entryExists(UUID eventId) {
        return !JournalQuery.list(em, "select 1 from journal_entry where event_id = ?",
                (c, s) -> s.setObject(1, eventId), row -> Boolean.TRUE).isEmpty();
    }

    /** The balance of one account in one unit, summed from its postings. */
    public long balance(LedgerAccount account, String unit) {
        return JournalQuery.single(em, """
                        select coalesce(sum(amount), 0) from journal_posting
                        where account_kind = ? and owner_id = ? and owner_address = ? and unit = ?""",
                (c, s) -> s.setString(JournalQuery.bindAccount(s, 1, account), unit));
    }

    /** Each creator's net credits in a period (creators with no postings are absent). */
    public Map<Long, Long> creditsByCreator(long periodId) {
        return byOwner(JournalQuery.list(em, """
                        select p.owner_id, sum(p.amount) as amount
                        from journal_posting p join journal_entry e on e.id = p.entry_id
                        where e.period_id = ? and p.account_kind = 'CREATOR_CREDITS'
                        group by p.owner_id""",
                (c, s) -> s.setLong(1, periodId), LedgerQueries::ownerAmount));
    }

    /** What each creator was paid when a period closed (TOKEN base units). */
    public Map<Long, Long> payoutsByCreator(long periodId) {
        return byOwner(JournalQuery.list(em, """
                        select p.owner_id, sum(p.amount) as amount
                        from journal_posting p join journal_entry e on e.id = p.entry_id
                        where e.period_id = ? and e.kind = 'PERIOD_CLOSE' and p.account_kind = 'CREATOR_UNSETTLED'
                        group by p.owner_id""",
                (c, s) -> s.setLong(1, periodId), LedgerQueries::ownerAmount));
    }

    /**
     * Every creator's balance in one kind of TOKEN account ({@link LedgerAccounts#UNSETTLED},
     * {@link LedgerAccounts#PENDING}, {@link LedgerAccounts#SETTLED} or {@link LedgerAccounts#CLAIMED});
     * zero balances are left out.
     */
    public Map<Long, Long> creatorTokenBalances(LedgerAccount.Kind kind) {
        return byOwner(JournalQuery.list(em, """
                        select owner_id, sum(amount) as amount from journal_posting
                        where account_kind = ? and unit = 'TOKEN'
                        group by owner_id having sum(amount) <> 0""",
                (c, s) -> s.setString(1, kind.name()), LedgerQueries::ownerAmount));
    }

    /** The sum of the balances of every account of one kind (all creators' pending, all readers' balances...). */
    public long total(LedgerAccount.Kind kind) {
        return JournalQuery.single(em, "select coalesce(sum(amount), 0) from journal_posting where account_kind = ?",
                (c, s) -> s.setString(1, kind.name()));
    }

    /** An account's net movement per period in one unit. */
    public Map<Long, Long> totalsByPeriod(LedgerAccount account, String unit) {
        Map<Long, Long> totals = new HashMap<>();
        JournalQuery.list(em, """
                        select e.period_id, sum(p.amount) as amount
                        from journal_posting p join journal_entry e on e.id = p.entry_id
                        where p.account_kind = ? and p.owner_id = ? and p.owner_address = ? and p.unit = ?
                        group by e.period_id""",
                (c, s) -> s.setString(JournalQuery.bindAccount(s, 1, account), unit),
                row -> totals.put(row.getLong("period_id"), row.getLong("amount")));
        return totals;
    }

    /** Movements on one account and unit, optionally limited to one period, newest first. */
    public List<AccountLine> lines(LedgerAccount account, String unit, Long periodId, int limit) {
        return JournalQuery.list(em, """
                        select e.id, e.kind, e.event_id, e.period_id, e.occurred_at, e.recorded_at, p.amount, cast(e.reason as text) as reason
                        from journal_posting p join journal_entry e on e.id = p.entry_id
                        where p.account_kind = ? and p.owner_id = ? and p.owner_address = ? and p.unit = ?
                          and (cast(? as bigint) is null or e.period_id = ?)
                        order by e.id desc limit ?""",
                (c, s) -> {
                    int i = JournalQuery.bindAccount(s, 1, account);
                    s.setString(i, unit);
                    s.setObject(i + 1, periodId, java.sql.Types.BIGINT);
                    s.setObject(i + 2, periodId, java.sql.Types.BIGINT);
                    s.setInt(i + 3, limit);
                },
                row -> new AccountLine(row.getLong("id"), row.getString("kind"), row.getObject("event_id", UUID.class),
                        row.getLong("period_id"), SqlTimes.instant(row, "occurred_at"), SqlTimes.instant(row, "recorded_at"), row.getLong("amount"),
                        row.getString("reason")));
    }

    /** Credit lines of one creator in one period, newest first: the answer to "why did I earn this?". */
    public List<CreditLine.Recorded> creditLines(long creatorId, long periodId, int limit) {
        return JournalQuery.list(em, """
                        select event_id, creator_id, post_id, reader_id, source_post_id, amount, rule, type, reverses,
                               occurred_at, recorded_at, kind, credit_day
                        from journal_credit_line where creator_id = ? and period_id = ?
                        order by recorded_at desc, event_id desc limit ?""",
                (c, s) -> {
                    s.setLong(1, creatorId);
                    s.setLong(2, periodId);
                    s.setInt(3, limit);
                },
                row -> new CreditLine.Recorded(new CreditLine(row.getObject("event_id", UUID.class), row.getLong("creator_id"),
                        row.getLong("post_id"), SqlRows.nullableNumber(row, "reader_id"), SqlRows.nullableNumber(row, "source_post_id"),
                        row.getLong("amount"), row.getString("rule"), row.getString("type"), row.getObject("reverses", UUID.class),
                        SqlTimes.instant(row, "occurred_at"), row.getString("kind"), row.getObject("credit_day", LocalDate.class)),
                        SqlTimes.instant(row, "recorded_at")));
    }

    /** A creator's net engagement credits per period and post (reversals included), for statements. */
    public List<PostCredits> creditsByPeriodAndPost(long creatorId) {
        return JournalQuery.list(em, """
                        select period_id, post_id, sum(amount) as credits from journal_credit_line where creator_id = ?
                        group by period_id, post_id order by period_id, post_id""",
                (c, s) -> s.setLong(1, creatorId),
                row -> new PostCredits(row.getLong("period_id"), row.getLong("post_id"), row.getLong("credits")));
    }

    private record OwnerAmount(long owner, long amount) {
    }

    private static OwnerAmount ownerAmount(ResultSet row) throws SQLException {
        return new OwnerAmount(row.getLong("owner_id"), row.getLong("amount"));
    }

    private static Map<Long, Long> byOwner(List<OwnerAmount> rows) {
        Map<Long, Long> amounts = new HashMap<>();
        rows.forEach(r -> amounts.put(r.owner(), r.amount()));
        return amounts;
    }
}
