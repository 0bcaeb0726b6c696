package dev.murmur.payout;

import java.util.UUID;

/** An event the worker refused, and why (a row of {@code rejected_event}; also its dedupe). */
record Refusal(UUID id, String type, String rule, String detail, Long creator, Long reader, Long post) {
}
