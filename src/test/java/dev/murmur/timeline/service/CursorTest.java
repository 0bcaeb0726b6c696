package dev.murmur.timeline.service;

import dev.murmur.problem.ApiException;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CursorTest {

    @Test
    void shouldRoundTripToTheMicrosecond() {
        Cursor cursor = new Cursor(Instant.parse("2026-11-22T10:15:30.123456Z"), 42);
        assertThat(Cursor.decode(cursor.encode())).isEqualTo(cursor);
    }

    @Test
    void shouldRejectCursorsItDidNotIssue() {
        assertThatThrownBy(() -> Cursor.decode("not base64 !")).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> Cursor.decode("MTIz")).isInstanceOf(ApiException.class);
    }
}
