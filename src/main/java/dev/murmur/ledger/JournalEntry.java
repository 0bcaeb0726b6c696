package dev.murmur.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A journal entry to record: what happened ({@code kind}), what caused it ({@code eventId}, unique
 * in the journal), which period it counts in, when it happened, why ({@code reason}: event, rule,
 * post...), the postings, which must sum to zero per unit, and, for an entry that posts or voids a
 * pending settlement, the event id of the pending entry it resolves ({@code resolves}; stored as
 * the entry's {@code pending_id}, as TigerBeetle links a posted or voided transfer to its pending one).
 */
public record JournalEntry(Kind kind, UUID eventId, long periodId, Instant occurredAt, Map<String, Object> reason,
                           List<Posting> postings, UUID resolves) {

    /**
     * Entry kinds, with stable codes (stored). Settlement is two-phase: a batch's amounts move from
     * unsettled to pending when it is submitted ({@code SETTLEMENT_PENDING}), then to settled when it
     * is final ({@code SETTLEMENT_POSTED}), or back to unsettled when it fails or is vetoed
     * ({@code SETTLEMENT_VOIDED}). A claim seen on chain moves it from settled to claimed ({@code CLAIMED});
     * a reorg that drops the claim moves it back ({@code CLAIM_REVERSED}).
     */
    public enum Kind { ENGAGEMENT_CREDIT, ENGAGEMENT_REVERSAL, PERIOD_CLOSE, SETTLEMENT_PENDING, SETTLEMENT_POSTED, SETTLEMENT_VOIDED, TREND_CREDIT,
        DEPOSIT, DEPOSIT_REVERSAL, DEPOSIT_RELEASED, TIP, WITHDRAWAL,
        /** A {@code Claimed} log: settled -> claimed. */
        CLAIMED,
        /** The block of a {@code Claimed} log left the canonical chain: claimed -> settled. */
        CLAIM_REVERSED }

    /** The kinds that resolve a pending entry, and so must name it. */
    static final Set<Kind> RESOLVING = Set.of(Kind.SETTLEMENT_POSTED, Kind.SETTLEMENT_VOIDED);

    /** One movement: {@code amount} (base units, signed) on {@code account}, counted in {@code unit}. */
    public record Posting(LedgerAccount account, String unit, long amount) {
    }

    public JournalEntry {
        postings = List.copyOf(postings);
        reason = Map.copyOf(reason);
    }

    /** An entry that resolves no pending entry. */
    public JournalEntry(Kind kind, UUID eventId, long periodId, Instant occurredAt, Map<String, Object> reason, List<Posting> postings) {
        this(kind, eventId, periodId, occurredAt, reason, postings, null);
    }

    /** This entry, posting or voiding the pending entry caused by {@code pendingEventId}. */
    public JournalEntry resolving(UUID pendingEventId) {
        return new JournalEntry(kind, eventId, periodId, occurredAt, reason, postings, pendingEventId);
    }
}
