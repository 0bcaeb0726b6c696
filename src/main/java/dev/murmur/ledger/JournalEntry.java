package dev.murmur.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A journal entry to record: what happened ({@code kind}), what caused it ({@code eventId}, unique
 * in the journal), which period it counts in, when it happened, why ({@code reason}: event, rule,
 * post...), and the postings, which must sum to zero per unit.
 */
public record JournalEntry(Kind kind, UUID eventId, long periodId, Instant occurredAt, Map<String, Object> reason,
                           List<Posting> postings) {

    /** Entry kinds, with stable codes (stored). */
    public enum Kind { ENGAGEMENT_CREDIT, ENGAGEMENT_REVERSAL, PERIOD_CLOSE, TREND_CREDIT }

    public record Posting(String account, String unit, long amount) {
    }

    public JournalEntry {
        postings = List.copyOf(postings);
        reason = Map.copyOf(reason);
    }
}
