package dev.murmur.outbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The worker's instant reader accepts exactly what Jackson's own does, and reads it the same. */
class Rfc3339InstantsTest {

    private final ObjectMapper jackson = new ObjectMapper().registerModule(new JavaTimeModule());
    private final ObjectMapper fast = new ObjectMapper().registerModule(new JavaTimeModule()).registerModule(Rfc3339Instants.module());

    @Test
    void shouldReadInstantsAsJacksonDoes() throws Exception {
        for (String json : new String[]{
                "\"2026-11-22T16:54:04Z\"", "\"2026-11-22T16:54:04.123Z\"", "\"2026-11-22T16:54:04.123456789Z\"",
                "\"2026-11-22T18:54:04.5+02:00\"", "\"1999-12-31T23:59:59.999999Z\"", "1764000000", "1764000000.25"}) {
            assertThat(fast.readValue(json, Instant.class)).as(json).isEqualTo(jackson.readValue(json, Instant.class));
        }
        assertThat(fast.readValue("\"2026-11-22T16:54:04.123456Z\"", Instant.class))
                .isEqualTo(Instant.parse("2026-11-22T16:54:04.123456Z"));
    }

    @Test
    void shouldRefuseWhatJacksonRefuses() {
        for (String json : new String[]{"\"yesterday\"", "\"2026-13-01T00:00:00Z\"", "\"2026-11-22 16:54\""}) {
            assertThatThrownBy(() -> jackson.readValue(json, Instant.class)).as(json).isInstanceOf(InvalidFormatException.class);
            assertThatThrownBy(() -> fast.readValue(json, Instant.class)).as(json).isInstanceOf(InvalidFormatException.class);
        }
    }
}
