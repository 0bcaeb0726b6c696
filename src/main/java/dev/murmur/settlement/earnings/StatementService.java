package dev.murmur.settlement.earnings;

import dev.murmur.ledger.LedgerAccounts;
import dev.murmur.ledger.LedgerQueries;
import dev.murmur.period.Period;
import dev.murmur.period.PeriodService;
import dev.murmur.tip.service.TipConfig;
import dev.murmur.tip.service.TokenAmounts;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A creator's money, line by line, from where it came from to where it is now: the statement behind
 * the earnings page, its CSV export, its breakdown per period, post, trend and tip, and its chart.
 *
 * <p>Sources are the ledger entries that put tokens into the creator's unsettled account: a period
 * close (split over the period's posts and trends pro rata to their credits, with the same largest
 * remainder rule as the close itself, so the parts add up to the payout exactly), a tip, a
 * withdrawal. Tokens are fungible once they are unsettled, so batches are matched to sources first
 * in, first out: the oldest source is the first one paid (decision 0901). A source that spans two
 * batches, or a batch and a claim, is cut into two lines. So the lines add up, per status, to the
 * ledger's balances: unsettled, pending (in a batch not final), claimable, claimed.
 *
 * <p>In parts: {@link StatementSources} reads the sources and payments, {@link StatementMatcher}
 * matches them, {@link StatementCsv} writes the export; this class sums the lines for the pages.
 */
@ApplicationScoped
public class StatementService {

    /** Where an amount stands, in the order money moves. */
    public enum Status {
        /** earned in a closed period, or a tip or withdrawal, and not in a submitted batch yet */
        UNSETTLED,
        /** in a batch submitted on chain whose challenge window has not passed (the "settled") */
        PENDING,
        /** in a FINAL batch, claimable on chain */
        CLAIMABLE,
        /** claimed on chain, as the chain listener saw it */
        CLAIMED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** What earned the money. */
    public enum Kind { ENGAGEMENT, TREND, TIP, WITHDRAWAL, PERIOD, OTHER }

    /**
     * One amount on the statement.
     *
     * @param date        when the ledger booked its source (the close, the tip, the withdrawal)
     * @param periodId    the reward period the source counts in
     * @param postId      the post that earned it (engagement, tips on a post)
     * @param trendId     the trend that earned it (trend credits)
     * @param credits     the credits behind it (engagement, trend), else 0
     * @param amount      payout-token base units
     * @param tokens      the same in token units ("1.25")
     * @param batchId     Murmur's batch that carries it (pending, claimable, claimed)
     * @param chainBatchId the contract's batch id
     * @param txHash      the claim transaction when claimed, else the batch's settle transaction
     * @param eventId     the ledger entry's event id: the reason, for anyone who asks why
     */
    public record Line(Instant date, Kind kind, long periodId, Long postId, String trendId, String trendTag, long credits,
                       long amount, String tokens, Status status, Long batchId, Long chainBatchId, String txHash, String eventId) {
    }

    /** The ledger's balances the lines add up to, in base units. */
    public record Totals(long unsettled, long pending, long claimable, long claimed, long total) {
    }

    public record Statement(long accountId, int decimals, List<Line> lines, Totals totals) {
    }

    /** One period on the chart, stacked by what earned it; base units and token units. */
    public record PeriodBar(long periodId, Period.Status status, Instant startsAt, Instant endsAt, long engagement, long trend,
                            long tips, long withdrawals, long total, String totalTokens) {
    }

    /** Claimed against unclaimed, for the second chart; {@code unclaimed} is unsettled + pending + claimable. */
    public record ClaimedBar(long claimed, long unclaimed, String claimedTokens, String unclaimedTokens) {
    }

    public record Chart(int decimals, List<PeriodBar> periods, ClaimedBar claimed, Totals totals) {
    }

    public record PostLine(long postId, long credits, long engagement, long tips, long total, String totalTokens) {
    }

    public record TrendLine(String trendId, String tag, long credits, long amount, String tokens) {
    }

    public record TipLine(Instant date, Long postId, long amount, String tokens, Status status, String eventId) {
    }

    /** The statement summed per period, per post, per trend, and each tip. */
    public record Breakdown(long accountId, int decimals, List<PeriodBar> periods, List<PostLine> posts, List<TrendLine> trends,
                            List<TipLine> tips, Totals totals) {
    }

    private final StatementSources sources;
    private final LedgerQueries ledger;
    private final PeriodService periods;
    private final TipConfig tipConfig;

    public StatementService(StatementSources sources, LedgerQueries ledger, PeriodService periods, TipConfig tipConfig) {
        this.sources = sources;
        this.ledger = ledger;
        this.periods = periods;
        this.tipConfig = tipConfig;
    }

    public Statement statement(long accountId) {
        return QuarkusTransaction.joiningExisting().call(() -> compute(accountId));
    }

    private Statement compute(long accountId) {
        List<Line> lines = StatementMatcher.match(accountId, sources.sources(accountId), sources.payments(accountId),
                tipConfig.tokenDecimals());
        return new Statement(accountId, tipConfig.tokenDecimals(), lines, totals(accountId));
    }

    public Totals totals(long accountId) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            long unsettled = ledger.balance(LedgerAccounts.creatorUnsettled(accountId), LedgerAccounts.TOKEN);
            long pending = ledger.balance(LedgerAccounts.creatorPending(accountId), LedgerAccounts.TOKEN);
            long claimable = ledger.balance(LedgerAccounts.creatorSettled(accountId), LedgerAccounts.TOKEN);
            long claimed = ledger.balance(LedgerAccounts.creatorClaimed(accountId), LedgerAccounts.TOKEN);
            return new Totals(unsettled, pending, claimable, claimed, unsettled + pending + claimable + claimed);
        });
    }

    public Chart chart(long accountId) {
        Statement s = statement(accountId);
        long unclaimed = s.totals().unsettled() + s.totals().pending() + s.totals().claimable();
        return new Chart(s.decimals(), bars(s), new ClaimedBar(s.totals().claimed(), unclaimed, tokens(s.totals().claimed()),
                tokens(unclaimed)), s.totals());
    }

    public Breakdown breakdown(long accountId) {
        Statement s = statement(accountId);
        Map<Long, long[]> posts = new TreeMap<>(); // credits, engagement, tips
        Map<String, TrendLine> trends = new LinkedHashMap<>();
        List<TipLine> tips = new ArrayList<>();
        Map<String, Long> creditsSeen = new HashMap<>();
        for (Line l : s.lines()) {
            // A source cut in two lines carries its credits on both; count them once.
            boolean firstPart = creditsSeen.put(l.eventId() + "/" + l.postId() + "/" + l.trendId(), l.credits()) == null;
            switch (l.kind()) {
                case ENGAGEMENT -> {
                    long[] p = posts.computeIfAbsent(l.postId(), k -> new long[3]);
                    p[0] += firstPart ? l.credits() : 0;
                    p[1] += l.amount();
                }
                case TREND -> trends.merge(l.trendId(), new TrendLine(l.trendId(), l.trendTag(), firstPart ? l.credits() : 0, l.amount(),
                        tokens(l.amount())), (a, b) -> new TrendLine(a.trendId(), a.tag(), a.credits() + b.credits(),
                        a.amount() + b.amount(), tokens(a.amount() + b.amount())));
                case TIP -> {
                    tips.add(new TipLine(l.date(), l.postId(), l.amount(), l.tokens(), l.status(), l.eventId()));
                    if (l.postId() != null) {
                        posts.computeIfAbsent(l.postId(), k -> new long[3])[2] += l.amount();
                    }
                }
                default -> {
                }
            }
        }
        List<PostLine> postLines = posts.entrySet().stream()
                .map(e -> new PostLine(e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[2], e.getValue()[1] + e.getValue()[2],
                        tokens(e.getValue()[1] + e.getValue()[2])))
                .sorted(Comparator.comparingLong(PostLine::total).reversed().thenComparingLong(PostLine::postId))
                .toList();
        return new Breakdown(accountId, s.decimals(), bars(s), postLines, List.copyOf(trends.values()), tips, s.totals());
    }

    /** The statement as CSV (RFC 4180, header first, amounts in token units). */
    public String csv(long accountId) {
        return StatementCsv.write(statement(accountId));
    }

    private List<PeriodBar> bars(Statement s) {
        Map<Long, long[]> sums = new TreeMap<>(); // engagement, trend, tips, withdrawals, other
        for (Line l : s.lines()) {
            long[] b = sums.computeIfAbsent(l.periodId(), p -> new long[5]);
            switch (l.kind()) {
                case ENGAGEMENT, PERIOD -> b[0] += l.amount();
                case TREND -> b[1] += l.amount();
                case TIP -> b[2] += l.amount();
                case WITHDRAWAL -> b[3] += l.amount();
                case OTHER -> b[4] += l.amount();
            }
        }
        Map<Long, Period> known = new HashMap<>();
        periods.all().forEach(p -> known.put(p.id(), p));
        List<PeriodBar> bars = new ArrayList<>();
        sums.forEach((id, b) -> {
            Period p = known.get(id);
            long total = b[0] + b[1] + b[2] + b[3] + b[4];
            bars.add(new PeriodBar(id, p == null ? null : p.status(), p == null ? null : p.startsAt(), p == null ? null : p.endsAt(),
                    b[0], b[1], b[2], b[3], total, tokens(total)));
        });
        return bars;
    }

    private String tokens(long baseUnits) {
        return TokenAmounts.toTokens(baseUnits, tipConfig.tokenDecimals());
    }
}
