package dev.murmur.settlement.batch.plan;

/** A creator with unsettled earnings that a batch cannot pay yet, and why (e.g. {@code no-wallet}). */
public record LeftOut(long accountId, long unsettled, long settled, String reason) {
}
