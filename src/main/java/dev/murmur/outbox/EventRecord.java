package dev.murmur.outbox;

import org.apache.kafka.common.TopicPartition;

import java.util.UUID;

/**
 * One Kafka record of the outbox's CloudEvents envelope, as a consumer reads it ({@link EventRecords}):
 * an event of one of the types the consumer knows, a record it cannot read, or a type it does not
 * handle. Every case has an id (the {@code ce_id} header, or for a record without a usable one, a
 * stable name from its position, so that a redelivery is still recognised), the {@code ce_type}
 * header (null if absent) and the partition it came from.
 *
 * @param <T> what the consumer makes of the events it knows
 */
public sealed interface EventRecord<T> {

    UUID id();

    String type();

    TopicPartition from();

    /** An event of a known type, read and checked. */
    record Event<T>(UUID id, String type, TopicPartition from, T event) implements EventRecord<T> {
    }

    /** A record that is not a valid event of its type: no usable id, an unreadable payload, a failed check. */
    record Malformed<T>(UUID id, String type, TopicPartition from, String error) implements EventRecord<T> {
    }

    /** A record of a type the consumer has no schema for. */
    record Unknown<T>(UUID id, String type, TopicPartition from) implements EventRecord<T> {
    }
}
