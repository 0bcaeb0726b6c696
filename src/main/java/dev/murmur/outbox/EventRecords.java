package dev.murmur.outbox;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one reader of the outbox's records on the consuming side (payout worker, trend detector,
 * notifications): the CloudEvents headers the relay writes ({@code ce_id}, {@code ce_type}), and the
 * payload read against the consumer's {@link EventSchema}s, into a sealed {@link EventRecord}.
 */
@ApplicationScoped
public class EventRecords {

    private static final int MAX_ERROR = 500;

    /** Unknown fields allowed; instants read fast (Rfc3339Instants). */
    private final ObjectReader tolerant;
    /** The application's own JSON rules (unknown fields refused). */
    private final ObjectReader strict;
    /** Readers per payload class and mode, built once: resolving the type for every record cost the worker time. */
    private final Map<Class<?>, ObjectReader> tolerantReaders = new ConcurrentHashMap<>();
    private final Map<Class<?>, ObjectReader> strictReaders = new ConcurrentHashMap<>();

    public EventRecords(ObjectMapper json) {
        this.tolerant = json.copy().registerModule(Rfc3339Instants.module()).reader()
                .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.strict = json.reader();
    }

    /** What a record without a usable {@code ce_id} is. */
    public enum MissingId {
        /** Malformed (the payout worker refuses it, under its positional name). */
        MALFORMED,
        /** Read like any other, under its positional name. */
        NAMED_BY_POSITION
    }

    /** Reads one record with the first schema that covers its type. */
    public <T> EventRecord<T> read(ConsumerRecord<String, String> record, List<EventSchema<?, ? extends T>> schemas, MissingId missingId) {
        TopicPartition from = new TopicPartition(record.topic(), record.partition());
        String type = header(record, "ce_type");
        UUID id = parseId(header(record, "ce_id"));
        if (id == null && missingId == MissingId.MALFORMED) {
            return new EventRecord.Malformed<>(positionalId(record), type, from, "missing or invalid ce_id header");
        }
        if (id == null) {
            id = positionalId(record);
        }
        for (EventSchema<?, ? extends T> schema : schemas) {
            if (schema.covers().test(type)) {
                return read(record, id, type, from, schema);
            }
        }
        return new EventRecord.Unknown<>(id, type, from);
    }

    /** The record's event id: its {@code ce_id}, or for a record without a usable one, a stable name from its position. */
    public static UUID id(ConsumerRecord<String, String> record) {
        UUID id = parseId(header(record, "ce_id"));
        return id != null ? id : positionalId(record);
    }

    /** A header's value as text, or null. */
    public static String header(ConsumerRecord<String, String> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private <P, T> EventRecord<T> read(ConsumerRecord<String, String> record, UUID id, String type, TopicPartition from,
                                       EventSchema<P, ? extends T> schema) {
        P payload;
        try {
            ObjectReader reader = schema.tolerant()
                    ? tolerantReaders.computeIfAbsent(schema.payload(), tolerant::forType)
                    : strictReaders.computeIfAbsent(schema.payload(), strict::forType);
            payload = reader.readValue(record.value());
        } catch (Exception e) {
            return new EventRecord.Malformed<>(id, type, from, truncate("payload is not " + schema.name() + ": " + e.getMessage()));
        }
        String problem = payload == null ? "payload is empty" : schema.problem().of(payload, type);
        if (problem != null) {
            return new EventRecord.Malformed<>(id, type, from, truncate(problem));
        }
        return new EventRecord.Event<>(id, type, from, schema.as().apply(payload));
    }

    private static UUID parseId(String text) {
        try {
            return UUID.fromString(text);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The record's position is unique and stable across redeliveries. */
    private static UUID positionalId(ConsumerRecord<String, String> record) {
        return UUID.nameUUIDFromBytes((record.topic() + "/" + record.partition() + "/" + record.offset()).getBytes(StandardCharsets.UTF_8));
    }

    private static String truncate(String s) {
        return s.length() <= MAX_ERROR ? s : s.substring(0, MAX_ERROR);
    }
}
