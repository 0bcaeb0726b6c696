package dev.murmur.settlement.earnings;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.murmur.ledger.JournalEntry;
import dev.murmur.ledger.AccountLine;
import dev.murmur.ledger.LedgerQueries;
import dev.murmur.ledger.PostCredits;
import dev.murmur.ledger.LedgerAccounts;
import dev.murmur.settlement.batch.BatchService;
import dev.murmur.settlement.claim.ClaimService;
import dev.murmur.period.BudgetSplitter;
import dev.murmur.period.Period;
import dev.murmur.period.PeriodService;
import dev.murmur.tip.service.TipConfig;
import dev.murmur.tip.service.TokenAmounts;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
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
 */
@ApplicationScoped
public class StatementService {

    /** Where an amount stands, in the order money moves. */
    public enum Status {
        /** earned in a closed period, or a tip or withdrawal, and not in a submitted batch yet */
        UNSETTLED,
        /** in a batch submitted on chain whose challenge window has not passed (the issue's "settled") */
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

    private record Source(Instant date, Kind kind, long periodId, Long postId, String trendId, String trendTag, long credits,
                          long amount, String eventId) {
    }

    private record Paid(Status status, long amount, Long batchId, Long chainBatchId, String txHash) {
    }

    private final LedgerQueries ledger;
    private final ClaimService claims;
    private final BatchService batches;
    private final PeriodService periods;
    private final ObjectMapper json;
    private final TipConfig tipConfig;

    public StatementService(LedgerQueries ledger, ClaimService claims, BatchService batches, PeriodService periods, ObjectMapper json,
                            TipConfig tipConfig) {
        this.ledger = ledger;
        this.claims = claims;
        this.batches = batches;
        this.periods = periods;
        this.json = json;
        this.tipConfig = tipConfig;
    }

    public Statement statement(long accountId) {
        return QuarkusTransaction.joiningExisting().call(() -> compute(accountId));
    }

    private Statement compute(long accountId) {
        List<Source> sources = sources(accountId);
        Deque<Paid> paid = new ArrayDeque<>(paid(accountId));
        List<Line> lines = new ArrayList<>();
        for (Source s : sources) {
            long left = s.amount();
            while (left > 0 && !paid.isEmpty()) {
                Paid p = paid.removeFirst();
                long take = Math.min(left, p.amount());
                lines.add(line(s, take, p.status(), p.batchId(), p.chainBatchId(), p.txHash()));
                left -= take;
                if (p.amount() > take) {
                    paid.addFirst(new Paid(p.status(), p.amount() - take, p.batchId(), p.chainBatchId(), p.txHash()));
                }
            }
            if (left > 0) {
                lines.add(line(s, left, Status.UNSETTLED, null, null, null));
            }
        }
        if (!paid.isEmpty()) {
            // More in batches than ever earned: the ledger would be broken. Say so rather than hide it.
            throw new IllegalStateException("account " + accountId + ": batches carry " + paid.stream().mapToLong(Paid::amount).sum()
                    + " more than its sources");
        }
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
        Statement s = statement(accountId);
        StringBuilder out = new StringBuilder("date,kind,period,post,trend,amount,status,batch,chain_batch,tx_hash,event\r\n");
        for (Line l : s.lines()) {
            out.append(l.date()).append(',')
                    .append(l.kind().name().toLowerCase(java.util.Locale.ROOT)).append(',')
                    .append(l.periodId()).append(',')
                    .append(l.postId() == null ? "" : l.postId()).append(',')
                    .append(l.trendId() == null ? "" : csvField(l.trendTag() == null ? l.trendId() : "#" + l.trendTag())).append(',')
                    .append(l.tokens()).append(',')
                    .append(l.status().label()).append(',')
                    .append(l.batchId() == null ? "" : l.batchId()).append(',')
                    .append(l.chainBatchId() == null ? "" : l.chainBatchId()).append(',')
                    .append(l.txHash() == null ? "" : l.txHash()).append(',')
                    .append(l.eventId() == null ? "" : l.eventId()).append("\r\n");
        }
        return out.toString();
    }

    /** Quotes a field that holds a comma, quote or line break (RFC 4180); tags are the only free text here. */
    static String csvField(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }

    // ------------------------------------------------------------------ sources and payments

    private List<Source> sources(long accountId) {
        List<AccountLine> entries = new ArrayList<>(ledger.lines(LedgerAccounts.creatorUnsettled(accountId), LedgerAccounts.TOKEN, null,
                Integer.MAX_VALUE));
        entries.sort(Comparator.comparingLong(AccountLine::entryId));
        Map<Long, List<PostCredits>> postCredits = new HashMap<>();
        for (PostCredits pc : ledger.creditsByPeriodAndPost(accountId)) {
            postCredits.computeIfAbsent(pc.periodId(), p -> new ArrayList<>()).add(pc);
        }
        Map<Long, List<AccountLine>> trendCredits = new HashMap<>();
        for (AccountLine l : ledger.lines(LedgerAccounts.creatorCredits(accountId), LedgerAccounts.CREDIT, null, Integer.MAX_VALUE)) {
            if (JournalEntry.Kind.TREND_CREDIT.name().equals(l.kind())) {
                trendCredits.computeIfAbsent(l.periodId(), p -> new ArrayList<>()).add(l);
            }
        }
        List<Source> sources = new ArrayList<>();
        for (AccountLine e : entries) {
            String kind = e.kind();
            if (kind.equals(JournalEntry.Kind.SETTLEMENT_PENDING.name()) || kind.equals(JournalEntry.Kind.SETTLEMENT_VOIDED.name())) {
                continue; // movements between statuses, not sources: the batches below account for them
            }
            Map<String, Object> reason = reason(e.reason());
            String event = e.eventId() == null ? null : e.eventId().toString();
            if (kind.equals(JournalEntry.Kind.PERIOD_CLOSE.name())) {
                sources.addAll(splitClose(e, event, postCredits.getOrDefault(e.periodId(), List.of()),
                        trendCredits.getOrDefault(e.periodId(), List.of())));
            } else if (kind.equals(JournalEntry.Kind.TIP.name())) {
                sources.add(new Source(e.occurredAt(), Kind.TIP, e.periodId(), asLong(reason.get("post")), null, null, 0, e.amount(), event));
            } else if (kind.equals(JournalEntry.Kind.WITHDRAWAL.name())) {
                sources.add(new Source(e.occurredAt(), Kind.WITHDRAWAL, e.periodId(), null, null, null, 0, e.amount(), event));
            } else {
                sources.add(new Source(e.occurredAt(), Kind.OTHER, e.periodId(), null, null, null, 0, e.amount(), event));
            }
        }
        return sources;
    }

    /** A close's payout, split over the period's posts and trends pro rata to their credits (largest remainder). */
    private List<Source> splitClose(AccountLine close, String event, List<PostCredits> posts, List<AccountLine> trends) {
        List<Source> parts = new ArrayList<>();
        Map<Long, Long> weights = new LinkedHashMap<>();
        for (PostCredits p : posts) {
            weights.put((long) parts.size(), p.credits());
            parts.add(new Source(close.occurredAt(), Kind.ENGAGEMENT, close.periodId(), p.postId(), null, null, p.credits(), 0, event));
        }
        Map<String, Source> byTrend = new LinkedHashMap<>();
        for (AccountLine t : trends) {
            Map<String, Object> reason = reason(t.reason());
            String trend = Objects.toString(reason.get("trend"), null);
            byTrend.merge(trend, new Source(close.occurredAt(), Kind.TREND, close.periodId(), null, trend, (String) reason.get("tag"),
                    t.amount(), 0, event), (a, b) -> new Source(a.date(), a.kind(), a.periodId(), null, a.trendId(), a.trendTag(),
                    a.credits() + b.credits(), 0, event));
        }
        for (Source t : byTrend.values()) {
            weights.put((long) parts.size(), t.credits());
            parts.add(t);
        }
        SortedMap<Long, Long> split = BudgetSplitter.split(close.amount(), weights);
        if (split.isEmpty()) {
            return List.of(new Source(close.occurredAt(), Kind.PERIOD, close.periodId(), null, null, null, 0, close.amount(), event));
        }
        List<Source> result = new ArrayList<>();
        split.forEach((i, amount) -> {
            Source p = parts.get(i.intValue());
            if (amount > 0) {
                result.add(new Source(p.date(), p.kind(), p.periodId(), p.postId(), p.trendId(), p.trendTag(), p.credits(), amount, event));
            }
        });
        return result;
    }

    /** What batches carry, oldest chain batch first; within a batch, claimed parts before the claimable rest. */
    private List<Paid> paid(long accountId) {
        Map<Long, String> settleTx = new HashMap<>();
        List<ClaimService.PayoutLine> paths = new ArrayList<>(claims.paths(accountId));
        paths.sort(Comparator.comparingLong((ClaimService.PayoutLine p) -> p.chainBatchId() == null ? Long.MAX_VALUE : p.chainBatchId()));
        List<Paid> paid = new ArrayList<>();
        for (ClaimService.PayoutLine p : paths) {
            Status status = switch (p.status()) {
                case "pending" -> Status.PENDING;
                case "claimable" -> Status.CLAIMABLE;
                case "claimed" -> Status.CLAIMED;
                default -> null;
            };
            if (status == null || p.amount() <= 0) {
                continue;
            }
            String tx = status == Status.CLAIMED ? p.claimedIn()
                    : settleTx.computeIfAbsent(p.batch(), id -> batches.require(id).txHash());
            paid.add(new Paid(status, p.amount(), p.batch(), p.chainBatchId(), tx));
        }
        return paid;
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

    private Line line(Source s, long amount, Status status, Long batchId, Long chainBatchId, String txHash) {
        return new Line(s.date(), s.kind(), s.periodId(), s.postId(), s.trendId(), s.trendTag(), s.credits(), amount, tokens(amount),
                status, batchId, chainBatchId, txHash, s.eventId());
    }

    private String tokens(long baseUnits) {
        return TokenAmounts.toTokens(baseUnits, tipConfig.tokenDecimals());
    }

    private static Long asLong(Object o) {
        return o instanceof Number n ? n.longValue() : null;
    }

    private Map<String, Object> reason(String text) {
        try {
            return text == null ? Map.of() : json.readValue(text, new TypeReference<>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
