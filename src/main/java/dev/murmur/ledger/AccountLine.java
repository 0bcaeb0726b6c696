package dev.murmur.ledger;

import java.time.Instant;
import java.util.UUID;

/** One movement on an account, with its entry's reason (JSON): the answer to "why did I earn this?". */
public record AccountLine(long entryId, String kind, UUID eventId, long periodId, Instant occurredAt, Instant recordedAt,
                          long amount, String reason) {
}
