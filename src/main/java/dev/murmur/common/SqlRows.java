package dev.murmur.common;

import jakarta.persistence.Tuple;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Numbers out of native-query {@link Tuple}s (and of committed reads' JDBC rows), read by column name (decision 1151): PostgreSQL hands
 * back Integer, Long or BigDecimal depending on the expression, so every reader widens through
 * {@link Number} the same way.
 */
public final class SqlRows {

    private SqlRows() {
    }

    /** A NOT NULL numeric column as a long. */
    public static long number(Tuple row, String column) {
        return row.get(column, Number.class).longValue();
    }

    /** A nullable numeric column as a Long, null for SQL NULL. */
    public static Long nullableNumber(Tuple row, String column) {
        Number n = row.get(column, Number.class);
        return n == null ? null : n.longValue();
    }

    /** A nullable numeric column of a JDBC row (a committed read's) as a Long, null for SQL NULL. */
    public static Long nullableNumber(ResultSet row, String column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : value;
    }
}
