package dev.murmur.payout;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.murmur.engagement.EngagementEvent;
import dev.murmur.moderation.ModerationEvent;
import dev.murmur.outbox.Topics;
import dev.murmur.outbox.UuidV7;
import dev.murmur.trend.TrendCreditEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/** Records of the engagements topic as the relay publishes them (partition 0), for handing to the applier directly. */
final class WorkerRecords {

    private WorkerRecords() {
    }

    /** An engagement by a reader whose account is a year old (so it earns the full weight). */
    static ConsumerRecord<String, String> engagement(ObjectMapper json, EngagementEvent.Kind kind, EngagementEvent.Action action,
                                                     long reader, long creator, long post, Long source) {
        EngagementEvent e = EngagementEvent.of(kind, action, reader, Instant.now().minus(365, ChronoUnit.DAYS), 1L, creator, post,
                source, Instant.now());
        return record(json, e.key(), e.type(), e);
    }

    static ConsumerRecord<String, String> moderation(ObjectMapper json, String action, long creator, Long post) {
        ModerationEvent m = new ModerationEvent(ModerationEvent.SCHEMA_VERSION, action, creator, post, 1, "spam", Instant.now());
        return record(json, m.key(), m.type(), m);
    }

    /** A creator's share of a trend, with the id the detector would give it. */
    static ConsumerRecord<String, String> trendCredit(ObjectMapper json, String trendId, long creator, long credits) {
        TrendCreditEvent t = new TrendCreditEvent(TrendCreditEvent.SCHEMA_VERSION, trendId, "tag", creator, credits, 10_000,
                List.of("originator"), List.of("first to post"), 4.2, Instant.now());
        ConsumerRecord<String, String> record = record(json, t.key(), TrendCreditEvent.TYPE, t);
        record.headers().remove("ce_id");
        record.headers().add(new RecordHeader("ce_id", TrendCreditEvent.eventId(trendId, creator).toString().getBytes(StandardCharsets.UTF_8)));
        return record;
    }

    static UUID id(ConsumerRecord<String, String> record) {
        return UUID.fromString(new String(record.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8));
    }

    private static ConsumerRecord<String, String> record(ObjectMapper json, String key, String type, Object payload) {
        try {
            ConsumerRecord<String, String> record = new ConsumerRecord<>(Topics.ENGAGEMENTS, 0, 0, key, json.writeValueAsString(payload));
            record.headers().add(new RecordHeader("ce_id", UuidV7.next(Clock.systemUTC()).toString().getBytes(StandardCharsets.UTF_8)));
            record.headers().add(new RecordHeader("ce_type", type.getBytes(StandardCharsets.UTF_8)));
            return record;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
