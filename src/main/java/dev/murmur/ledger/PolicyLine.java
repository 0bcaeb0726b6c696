package dev.murmur.ledger;

import java.time.LocalDate;
import java.util.UUID;

/**
 * What the reward policy needs from a credit line: whose credit, for which engagement, how much,
 * counted against which day, and which grant a reversal takes back.
 */
public record PolicyLine(UUID eventId, long creatorId, long postId, Long readerId, Long sourcePostId, long amount,
                         UUID reverses, String kind, LocalDate creditDay) {
}
