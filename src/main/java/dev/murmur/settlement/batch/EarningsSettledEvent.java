package dev.murmur.settlement.batch;

import dev.murmur.outbox.Topics;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * What a FINAL batch settled for one account, published on {@link Topics#SETTLEMENTS}, keyed by the
 * account, in the transaction that makes the batch FINAL and posts its amounts as settled. Its id
 * is derived from the batch and the account ({@link #eventId}), so the fact has one id forever.
 *
 * @param batchId      Murmur's batch id
 * @param chainBatchId the contract's batch id
 * @param amount       what this batch settled for the account (the sum of its wallets' deltas), token base units, > 0
 */
public record EarningsSettledEvent(int schemaVersion, long batchId, long chainBatchId, long accountId, long amount,
                                   Instant occurredAt) {

    public static final int SCHEMA_VERSION = 1;
    public static final String TYPE = "dev.murmur.settlement.earnings.settled";

    public static UUID eventId(long batchId, long accountId) {
        return UUID.nameUUIDFromBytes(("earnings-settled:" + batchId + ":" + accountId).getBytes(StandardCharsets.UTF_8));
    }

    public String key() {
        return Long.toString(accountId);
    }

    public String subject() {
        return "account/" + accountId;
    }
}
