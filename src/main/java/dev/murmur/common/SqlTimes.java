package dev.murmur.common;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Native queries return timestamps as Instant, OffsetDateTime or Timestamp depending on the driver path; one conversion for all. */
public final class SqlTimes {

    private SqlTimes() {
    }

    /** The instant a timestamptz column holds, or null for SQL NULL. */
    public static Instant instant(Object value) {
        return switch (value) {
            case null -> null;
            case Instant i -> i;
            case OffsetDateTime o -> o.toInstant();
            case Timestamp t -> t.toInstant();
            default -> throw new IllegalStateException("not a timestamp: " + value.getClass());
        };
    }
}
