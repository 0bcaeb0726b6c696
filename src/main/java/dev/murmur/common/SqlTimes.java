package dev.murmur.common;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * Native queries return timestamps as Instant, OffsetDateTime or Timestamp, and dates as LocalDate
 * or java.sql.Date, depending on the driver path; one conversion for all.
 */
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

    /** The instant of a timestamptz column of a JDBC row (a committed read's), or null for SQL NULL. */
    public static Instant instant(ResultSet row, String column) throws SQLException {
        return instant(row.getObject(column, OffsetDateTime.class));
    }

    /** The day a date column holds, or null for SQL NULL. */
    public static LocalDate localDate(Object value) {
        return switch (value) {
            case null -> null;
            case LocalDate d -> d;
            case Date d -> d.toLocalDate();
            default -> throw new IllegalStateException("not a date: " + value.getClass());
        };
    }
}
