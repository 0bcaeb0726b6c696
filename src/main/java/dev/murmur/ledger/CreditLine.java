package dev.murmur.ledger;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * One engagement credit (amount > 0) or reversal (amount < 0), and why. {@code kind} is the
 * engagement kind; {@code creditDay} the UTC day the credit counts for (for a reversal, the day
 * of the credit it takes back), so that what a reader gave a creator on a day is a sum of lines.
 */
public record CreditLine(UUID eventId, long creatorId, long postId, Long readerId, Long sourcePostId, long amount,
                         String rule, String type, UUID reverses, Instant occurredAt, String kind, LocalDate creditDay) {

    /** A credit line as recorded, with when the ledger wrote it. */
    public record Recorded(CreditLine line, Instant recordedAt) {
    }
}
