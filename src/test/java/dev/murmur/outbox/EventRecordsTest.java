package dev.murmur.outbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The consumers' one record reader, on records built by hand (pure: no broker involved). */
class EventRecordsTest {

    record Greeting(int schemaVersion, String text, Instant at) {
    }

    record Shout(String text) {
    }

    private static final List<EventSchema<?, ? extends Object>> SCHEMAS = List.of(
            new EventSchema<>("a greeting", "demo.greeting"::equals, Greeting.class, true,
                    (g, type) -> g.schemaVersion() != 1 ? "unsupported schemaVersion " + g.schemaVersion() : null, g -> g),
            new EventSchema<>("a shout", "demo.shout"::equals, Shout.class, false, (s, type) -> null, s -> new Shout(s.text().toUpperCase())));

    private final EventRecords records = new EventRecords(new ObjectMapper().registerModule(new JavaTimeModule()));

    private static ConsumerRecord<String, String> record(String id, String type, String value) {
        ConsumerRecord<String, String> r = new ConsumerRecord<>("demo", 2, 17L, "key", value);
        if (id != null) {
            r.headers().add("ce_id", id.getBytes(StandardCharsets.UTF_8));
        }
        if (type != null) {
            r.headers().add("ce_type", type.getBytes(StandardCharsets.UTF_8));
        }
        return r;
    }

    @Test
    void shouldReadAnEventWithTheSchemaOfItsType() {
        UUID id = UUID.randomUUID();
        EventRecord<Object> read = records.read(record(id.toString(), "demo.shout", "{\"text\":\"hi\"}"), SCHEMAS,
                EventRecords.MissingId.MALFORMED);

        assertThat(read).isEqualTo(new EventRecord.Event<>(id, "demo.shout", new TopicPartition("demo", 2), new Shout("HI")));
    }

    @Test
    void shouldAllowUnknownFieldsOnlyWhereTheSchemaIsTolerant() {
        String id = UUID.randomUUID().toString();
        assertThat(records.read(record(id, "demo.greeting", "{\"schemaVersion\":1,\"text\":\"hi\",\"at\":\"2026-11-22T16:54:04.123456Z\",\"new\":1}"),
                SCHEMAS, EventRecords.MissingId.MALFORMED))
                .isInstanceOfSatisfying(EventRecord.Event.class, e -> assertThat(e.event())
                        .isEqualTo(new Greeting(1, "hi", Instant.parse("2026-11-22T16:54:04.123456Z"))));
        assertThat(records.read(record(id, "demo.shout", "{\"text\":\"hi\",\"new\":1}"), SCHEMAS, EventRecords.MissingId.MALFORMED))
                .isInstanceOfSatisfying(EventRecord.Malformed.class, m -> assertThat(m.error()).startsWith("payload is not a shout"));
    }

    @Test
    void shouldCallARecordMalformedWhenItsChecksFail() {
        assertThat(records.read(record(UUID.randomUUID().toString(), "demo.greeting", "{\"schemaVersion\":2,\"text\":\"hi\"}"),
                SCHEMAS, EventRecords.MissingId.MALFORMED))
                .isInstanceOfSatisfying(EventRecord.Malformed.class, m -> assertThat(m.error()).isEqualTo("unsupported schemaVersion 2"));
    }

    @Test
    void shouldNameARecordWithoutAUsableIdByItsPosition() {
        ConsumerRecord<String, String> noId = record("not-a-uuid", "demo.shout", "{\"text\":\"hi\"}");
        UUID positional = UUID.nameUUIDFromBytes("demo/2/17".getBytes(StandardCharsets.UTF_8));

        assertThat(records.read(noId, SCHEMAS, EventRecords.MissingId.MALFORMED))
                .isEqualTo(new EventRecord.Malformed<>(positional, "demo.shout", new TopicPartition("demo", 2), "missing or invalid ce_id header"));
        assertThat(records.read(noId, SCHEMAS, EventRecords.MissingId.NAMED_BY_POSITION).id()).isEqualTo(positional);
        assertThat(records.read(noId, SCHEMAS, EventRecords.MissingId.NAMED_BY_POSITION)).isInstanceOf(EventRecord.Event.class);
        assertThat(EventRecords.id(noId)).isEqualTo(positional);
    }

    @Test
    void shouldLeaveATypeWithoutSchemaUnknown() {
        UUID id = UUID.randomUUID();
        assertThat(records.read(record(id.toString(), "demo.whisper", "{}"), SCHEMAS, EventRecords.MissingId.MALFORMED))
                .isEqualTo(new EventRecord.Unknown<>(id, "demo.whisper", new TopicPartition("demo", 2)));
    }
}
