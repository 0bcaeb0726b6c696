package dev.murmur.trend;

import dev.murmur.outbox.Topics;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A creator's share of a trend's credits, published on {@link Topics#ENGAGEMENTS} (the payout
 * worker's topic: every event that earns credit), keyed by the creator. Its id is derived from
 * the trend and the account ({@link #eventId}), so it can only ever be applied once.
 */
public record TrendCreditEvent(int schemaVersion, String trendId, String tag, long accountId, long credits, int bps,
                               List<String> roles, List<String> reasons, double peakScore, Instant occurredAt) {

    public static final int SCHEMA_VERSION = 1;
    public static final String TYPE = "dev.murmur.trend.credit";

    public static UUID eventId(String trendId, long accountId) {
        return UUID.nameUUIDFromBytes(("trend-credit:" + trendId + ":" + accountId).getBytes(StandardCharsets.UTF_8));
    }

    public String key() {
        return Long.toString(accountId);
    }

    public String subject() {
        return "trend/" + trendId;
    }
}
