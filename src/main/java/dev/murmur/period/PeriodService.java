package dev.murmur.period;

import dev.murmur.common.SqlTimes;
import dev.murmur.ledger.JournalEntry;
import dev.murmur.ledger.Ledger;
import dev.murmur.ledger.LedgerQueries;
import dev.murmur.ledger.LedgerAccounts;
import dev.murmur.problem.ApiException;
import dev.murmur.problem.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.UUID;
import java.util.function.UnaryOperator;

import static dev.murmur.common.SqlRows.number;

/**
 * Reward periods. Exactly one period is OPEN at a time, and credits are recorded into it. Closing
 * splits the budget pro rata to the period's credits and opens the next period, so credits that
 * arrive after the close count in the next one.
 */
@ApplicationScoped
public class PeriodService {

    private final EntityManager em;
    private final Ledger ledger;
    private final LedgerQueries ledgerQueries;
    private final PeriodConfig config;
    private final Clock clock;
    private final RewardPool rewardPool;

    public PeriodService(EntityManager em, Ledger ledger, LedgerQueries ledgerQueries, PeriodConfig config, Clock clock, RewardPool rewardPool) {
        this.em = em;
        this.ledger = ledger;
        this.ledgerQueries = ledgerQueries;
        this.config = config;
        this.clock = clock;
        this.rewardPool = rewardPool;
    }

    /**
     * The open period, share-locked until the caller's transaction ends, so a close waits for
     * credits being recorded into it (and they never land in a period after its split).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Period lockOpenForCredit() {
        for (int attempt = 0; attempt < 5; attempt++) {
            List<Period> open = periods("where status = 'OPEN' for share", q -> q);
            if (!open.isEmpty()) {
                return open.getFirst();
            }
            // None yet, or a close committed while we waited: make sure one exists, then look again
            // (each statement sees what committed before it started).
            openNext(clock.instant());
        }
        throw new IllegalStateException("no open reward period after 5 attempts");
    }

    @Transactional
    public Period current() {
        List<Period> open = periods("where status = 'OPEN'", q -> q);
        if (!open.isEmpty()) {
            return open.getFirst();
        }
        openNext(clock.instant());
        return periods("where status = 'OPEN'", q -> q).getFirst();
    }

    public Period require(long id) {
        List<Period> found = periods("where id = :id", q -> q.setParameter("id", id));
        if (found.isEmpty()) {
            throw ApiException.notFound("Reward period " + id);
        }
        return found.getFirst();
    }

    public List<Period> all() {
        return periods("order by id desc", q -> q);
    }

    /**
     * Sets the open period's budget, in payout-token base units. The budget must fit the payout
     * contract's reward pool, less what earlier periods gave out ({@link RewardPool#requireCovers}).
     */
    @Transactional
    public Period setBudget(long id, Long budget) {
        if (budget == null || budget < 0) {
            throw ApiException.field(ProblemType.VALIDATION_FAILED, "budget", "must be a whole number of base units, 0 or more");
        }
        Period period = lock(id);
        if (period.status() == Period.Status.CLOSED) {
            throw new ApiException(ProblemType.PERIOD_CLOSED, "Period " + id + " is closed; its budget is final");
        }
        rewardPool.requireCovers(budget);
        em.createNativeQuery("update reward_period set budget = :b where id = :id")
                .setParameter("b", budget).setParameter("id", id).executeUpdate();
        return require(id);
    }

    /**
     * Closes a period: splits its budget to creators pro rata to their net credits (largest
     * remainder, ties to the smaller account id) in one journal entry, and opens the next period.
     * Closing a closed period changes nothing and returns it as it is.
     */
    @Transactional
    public Period close(long id) {
        Period period = lock(id);
        if (period.status() == Period.Status.CLOSED) {
            return period;
        }
        Instant now = clock.instant();
        // Negative net credits (reversals of credits paid out earlier) take no part in the split.
        SortedMap<Long, Long> shares = BudgetSplitter.split(period.budget(), ledgerQueries.creditsByCreator(id));
        List<JournalEntry.Posting> postings = new ArrayList<>();
        long paid = 0;
        for (Map.Entry<Long, Long> share : shares.entrySet()) {
            if (share.getValue() > 0) {
                postings.add(new JournalEntry.Posting(LedgerAccounts.creatorUnsettled(share.getKey()), LedgerAccounts.TOKEN, share.getValue()));
                paid += share.getValue();
            }
        }
        if (paid > 0) {
            postings.add(new JournalEntry.Posting(LedgerAccounts.REWARD_FUNDING, LedgerAccounts.TOKEN, -paid));
            // A stable id per period: the journal's unique event_id refuses a second close entry.
            UUID closeId = UUID.nameUUIDFromBytes(("period-close:" + id).getBytes(StandardCharsets.UTF_8));
            ledger.record(List.of(new JournalEntry(JournalEntry.Kind.PERIOD_CLOSE, closeId, id, now,
                    Map.of("rule", "pro-rata-largest-remainder", "period", id, "budget", period.budget()), postings)));
        }
        em.createNativeQuery("update reward_period set status = 'CLOSED', closed_at = :now where id = :id")
                .setParameter("now", now).setParameter("id", id).executeUpdate();
        openNext(now);
        return require(id);
    }

    private Period lock(long id) {
        List<Period> found = periods("where id = :id for update", q -> q.setParameter("id", id));
        if (found.isEmpty()) {
            throw ApiException.notFound("Reward period " + id);
        }
        return found.getFirst();
    }

    private void openNext(Instant start) {
        em.createNativeQuery("""
                        insert into reward_period (starts_at, ends_at) values (:s, :e) on conflict do nothing""")
                .setParameter("s", start).setParameter("e", start.plus(config.length()))
                .executeUpdate();
    }

    /** A period's columns; each caller appends a constant clause, with any value bound by {@code bind}. */
    private static final String SELECT = "select id, starts_at, ends_at, budget, status, closed_at from reward_period ";

    private List<Period> periods(String clause, UnaryOperator<Query> bind) {
        @SuppressWarnings("unchecked")
        List<Tuple> rows = bind.apply(em.createNativeQuery(SELECT + clause, Tuple.class)).getResultList();
        return rows.stream().map(r -> new Period(number(r, "id"), SqlTimes.instant(r.get("starts_at")),
                SqlTimes.instant(r.get("ends_at")), number(r, "budget"), Period.Status.valueOf(r.get("status", String.class)),
                SqlTimes.instant(r.get("closed_at")))).toList();
    }

}
