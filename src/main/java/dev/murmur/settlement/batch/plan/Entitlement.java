package dev.murmur.settlement.batch.plan;

/**
 * What one address of one creator may claim after a batch: {@code cumulative} is the total the
 * contract lets it claim over all batches on that contract, {@code delta} what this batch adds.
 */
public record Entitlement(long accountId, String wallet, long cumulative, long delta) {
}
