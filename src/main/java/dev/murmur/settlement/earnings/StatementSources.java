package dev.murmur.settlement.earnings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.murmur.ledger.AccountLine;
import dev.murmur.ledger.JournalEntry;
import dev.murmur.ledger.LedgerAccounts;
import dev.murmur.ledger.LedgerQueries;
import dev.murmur.ledger.PostCredits;
import dev.murmur.period.BudgetSplitter;
import dev.murmur.settlement.batch.BatchService;
import dev.murmur.settlement.claim.ClaimService;
import dev.murmur.settlement.earnings.StatementMatcher.Paid;
import dev.murmur.settlement.earnings.StatementMatcher.Source;
import dev.murmur.settlement.earnings.StatementService.Kind;
import dev.murmur.settlement.earnings.StatementService.Status;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Reads what the statement matches: the sources (ledger entries that put tokens into the creator's
 * unsettled account, a period close split over its posts and trends) and the payments (what batches
 * carry, and what was claimed). Joins the caller's transaction.
 */
@ApplicationScoped
public class StatementSources {

    private final LedgerQueries ledger;
    private final ClaimService claims;
    private final BatchService batches;
    private final ObjectMapper json;

    public StatementSources(LedgerQueries ledger, ClaimService claims, BatchService batches, ObjectMapper json) {
        this.ledger = ledger;
        this.claims = claims;
        this.batches = batches;
        this.json = json;
    }

    /** What earned the creator tokens, in ledger order. */
    List<Source> sources(long accountId) {
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
                continue; // movements between statuses, not sources: the payments account for them
            }
            String event = e.eventId() == null ? null : e.eventId().toString();
            if (kind.equals(JournalEntry.Kind.PERIOD_CLOSE.name())) {
                sources.addAll(splitClose(e, event, postCredits.getOrDefault(e.periodId(), List.of()),
                        trendCredits.getOrDefault(e.periodId(), List.of())));
            } else if (kind.equals(JournalEntry.Kind.TIP.name())) {
                JsonNode post = reason(e.reason()).path("post");
                sources.add(new Source(e.occurredAt(), Kind.TIP, e.periodId(), post.isNumber() ? post.longValue() : null, null, null, 0,
                        e.amount(), event));
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
            JsonNode reason = reason(t.reason());
            String trend = reason.hasNonNull("trend") ? reason.get("trend").asText() : null;
            String tag = reason.hasNonNull("tag") ? reason.get("tag").asText() : null;
            byTrend.merge(trend, new Source(close.occurredAt(), Kind.TREND, close.periodId(), null, trend, tag, t.amount(), 0, event),
                    (a, b) -> new Source(a.date(), a.kind(), a.periodId(), null, a.trendId(), a.trendTag(), a.credits() + b.credits(), 0,
                            event));
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
    List<Paid> payments(long accountId) {
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

    private JsonNode reason(String text) {
        try {
            return text == null ? MissingNode.getInstance() : json.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
