package dev.murmur.settlement.earnings;

import dev.murmur.tip.service.TipService;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.murmur.account.service.WalletService;
import dev.murmur.ledger.AccountLine;
import dev.murmur.ledger.LedgerAccount;
import dev.murmur.ledger.LedgerQueries;
import dev.murmur.ledger.LedgerAccounts;
import dev.murmur.settlement.claim.ClaimService;
import dev.murmur.period.BudgetSplitter;
import dev.murmur.period.Period;
import dev.murmur.period.PeriodService;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Read models over the ledger: a creator's earnings, and a period's report for operators. */
@ApplicationScoped
public class EarningsService {

    /** One credit or reversal and why: the event, the rule, who engaged. */
    public record CreditLine(String eventId, String type, String rule, Long reader, long amount, Instant occurredAt,
                             Instant recordedAt) {
    }

    public record PostEarnings(long postId, long credits, List<CreditLine> lines) {
    }

    /** @param credits all of the creator's credits in the period: {@code engagementCredits + trendCredits} */
    public record OpenPeriod(long periodId, Instant startsAt, Instant endsAt, long budget, long credits, long totalCredits,
                             long estimatedPayout, long engagementCredits, long trendCredits) {
    }

    /** Credits from one trend, and why (the share's reasons). */
    public record TrendEarnings(String trendId, String tag, long credits, int bps, List<String> why, Instant occurredAt) {
    }

    public record PeriodLine(long periodId, Period.Status status, long credits, long payout) {
    }

    /**
     * @param unsettled payout-token base units earned in closed periods and not yet in a submitted batch
     * @param settlement where the closed-period money stands on its way to the chain
     */
    public record Earnings(long accountId, OpenPeriod open, List<PostEarnings> posts, List<TrendEarnings> trends,
                           List<PeriodLine> history,
                           long unsettled, Settlement settlement, List<ClaimService.PayoutLine> payouts,
                           List<TipService.ReceivedTip> tips) {
    }

    /**
     * @param wallet   the linked payout wallet, or null (amounts keep accruing as unsettled until one is linked)
     * @param unsettled earned in closed periods, not yet in a submitted batch
     * @param pending  in a submitted batch that is not final yet
     * @param settled  in final batches on chain and not claimed yet
     * @param claimed  claimed on chain (seen by the chain listener); settled + claimed is the cumulative amount
     * @param wallets  every wallet the account has had, with the time each was current
     */
    public record Settlement(String wallet, long unsettled, long pending, long settled, long claimed,
                             List<WalletService.Link> wallets) {
    }

    public record Earner(long accountId, long credits, long payout) {
    }

    /** @param paid what the close paid out (for an open period: what it would pay now) */
    public record PeriodReport(Period period, long totalCredits, int creators, long paid, List<Earner> topEarners) {
    }

    private static final int MAX_LINES = 1_000;

    private final LedgerQueries ledger;
    private final PeriodService periods;
    private final ObjectMapper json;
    private final WalletService wallets;
    private final ClaimService claims;

    public EarningsService(LedgerQueries ledger, PeriodService periods, ObjectMapper json, WalletService wallets, ClaimService claims,
                           TipService tips) {
        this.claims = claims;
        this.tips = tips;
        this.ledger = ledger;
        this.periods = periods;
        this.json = json;
        this.wallets = wallets;
    }

    private final TipService tips;

    /** Everything a creator earned, and where each amount stands; {@code tips} are the latest tips received (tipper or "anonymous", message). */
    public Earnings of(long accountId) {
        Period open = periods.current();
        LedgerAccount credits = LedgerAccounts.creatorCredits(accountId);
        Map<Long, Long> all = ledger.creditsByCreator(open.id());
        long mine = all.getOrDefault(accountId, 0L);
        long total = all.values().stream().filter(c -> c > 0).mapToLong(Long::longValue).sum();
        long estimate = BudgetSplitter.split(open.budget(), all).getOrDefault(accountId, 0L);

        List<PostEarnings> posts = posts(accountId, open.id());
        List<TrendEarnings> trends = trends(accountId, open.id());

        Map<Long, Long> creditHistory = ledger.totalsByPeriod(credits, LedgerAccounts.CREDIT);
        Map<Long, Long> payoutHistory = ledger.totalsByPeriod(LedgerAccounts.creatorUnsettled(accountId), LedgerAccounts.TOKEN);
        List<PeriodLine> history = periods.all().stream()
                .filter(p -> creditHistory.containsKey(p.id()) || payoutHistory.containsKey(p.id()))
                .map(p -> new PeriodLine(p.id(), p.status(), creditHistory.getOrDefault(p.id(), 0L), payoutHistory.getOrDefault(p.id(), 0L)))
                .toList();

        long unsettled = ledger.balance(LedgerAccounts.creatorUnsettled(accountId), LedgerAccounts.TOKEN);
        return new Earnings(accountId,
                new OpenPeriod(open.id(), open.startsAt(), open.endsAt(), open.budget(), mine, total, estimate,
                        mine - trends.stream().mapToLong(TrendEarnings::credits).sum(),
                        trends.stream().mapToLong(TrendEarnings::credits).sum()),
                posts, trends, history, unsettled, new Settlement(wallets.of(accountId).map(WalletService.Wallet::address).orElse(null),
                unsettled, ledger.balance(LedgerAccounts.creatorPending(accountId), LedgerAccounts.TOKEN),
                ledger.balance(LedgerAccounts.creatorSettled(accountId), LedgerAccounts.TOKEN),
                ledger.balance(LedgerAccounts.creatorClaimed(accountId), LedgerAccounts.TOKEN), wallets.history(accountId)),
                payouts(accountId, unsettled), tips.received(accountId, 20));
    }

    /**
     * The credits of any period, open or closed, with the reason of each: the answer to "why did I
     * earn this?" for past periods too (the period's payout per post and trend is in the statement).
     */
    public record PeriodCredits(long accountId, Period period, long credits, List<PostEarnings> posts, List<TrendEarnings> trends) {
    }

    public PeriodCredits periodCredits(long accountId, long periodId) {
        Period period = periods.require(periodId);
        List<PostEarnings> posts = posts(accountId, periodId);
        List<TrendEarnings> trends = trends(accountId, periodId);
        return new PeriodCredits(accountId, period, ledger.creditsByCreator(periodId).getOrDefault(accountId, 0L), posts, trends);
    }

    private List<PostEarnings> posts(long accountId, long periodId) {
        Map<Long, List<CreditLine>> byPost = new LinkedHashMap<>();
        for (dev.murmur.ledger.CreditLine.Recorded credit : ledger.creditLines(accountId, periodId, MAX_LINES)) {
            dev.murmur.ledger.CreditLine line = credit.line();
            byPost.computeIfAbsent(line.postId(), p -> new ArrayList<>()).add(new CreditLine(
                    line.eventId().toString(), line.type(), line.rule(), line.readerId(), line.amount(), line.occurredAt(),
                    credit.recordedAt()));
        }
        return byPost.entrySet().stream()
                .map(e -> new PostEarnings(e.getKey(), e.getValue().stream().mapToLong(CreditLine::amount).sum(), e.getValue()))
                .sorted(Comparator.comparingLong(PostEarnings::credits).reversed().thenComparing(PostEarnings::postId))
                .toList();
    }

    private List<TrendEarnings> trends(long accountId, long periodId) {
        List<TrendEarnings> trends = new ArrayList<>();
        for (AccountLine line : ledger.lines(LedgerAccounts.creatorCredits(accountId), LedgerAccounts.CREDIT, periodId, MAX_LINES)) {
            TrendReason reason = reason(line.reason());
            if (reason.trend() == null) {
                continue; // engagement credits: one entry per worker batch, explained by the credit lines above
            }
            trends.add(new TrendEarnings(reason.trend(), reason.tag(), line.amount(), reason.bps() == null ? 0 : reason.bps(),
                    reason.why() == null ? List.of() : reason.why(), line.occurredAt()));
        }
        return trends;
    }

    /** Each amount's path: unsettled, pending in batch N, claimable (settled in batch N), claimed in transaction T. */
    private List<ClaimService.PayoutLine> payouts(long accountId, long unsettled) {
        List<ClaimService.PayoutLine> lines = new ArrayList<>(claims.paths(accountId));
        if (unsettled > 0) {
            lines.add(new ClaimService.PayoutLine("unsettled", unsettled, null, null,
                    wallets.of(accountId).map(WalletService.Wallet::address).orElse(null), null));
        }
        return lines;
    }

    public PeriodReport report(long periodId, int top) {
        Period period = periods.require(periodId);
        Map<Long, Long> credits = ledger.creditsByCreator(periodId);
        Map<Long, Long> payouts = period.status() == Period.Status.CLOSED
                ? ledger.payoutsByCreator(periodId)
                : BudgetSplitter.split(period.budget(), credits);
        long total = credits.values().stream().filter(c -> c > 0).mapToLong(Long::longValue).sum();
        List<Earner> earners = credits.entrySet().stream()
                .map(e -> new Earner(e.getKey(), e.getValue(), payouts.getOrDefault(e.getKey(), 0L)))
                .sorted(Comparator.comparingLong(Earner::credits).reversed().thenComparingLong(Earner::accountId))
                .limit(top)
                .toList();
        return new PeriodReport(period, total, credits.size(), payouts.values().stream().mapToLong(Long::longValue).sum(), earners);
    }

    /** The part of a credit entry's reason that a trend credit entry writes (EngagementApplier.trendEntry); other entries leave {@code trend} null. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record TrendReason(String trend, String tag, Integer bps, List<String> why) {
    }

    private TrendReason reason(String text) {
        try {
            return json.readValue(text, TrendReason.class);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
