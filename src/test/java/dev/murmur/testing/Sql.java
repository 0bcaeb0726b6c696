package dev.murmur.testing;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What tests read back from the database to check a change (one number, or a column of numbers), and
 * the statements they run on it as another writer would: on a connection of their own, committed at once.
 */
public final class Sql {

    private Sql() {
    }

    /** The first column of the one row {@code sql} returns with {@code parameters} bound in order; 0 for SQL NULL. */
    public static long single(DataSource db, String sql, Object... parameters) throws SQLException {
        List<Long> values = column(db, sql, parameters);
        if (values.size() != 1) {
            throw new IllegalStateException("expected one row, got " + values.size() + ": " + sql);
        }
        return values.getFirst();
    }

    /** The first column of every row {@code sql} returns, in its order. */
    public static List<Long> column(DataSource db, String sql, Object... parameters) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            List<Long> values = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getLong(1));
                }
            }
            return values;
        }
    }

    /** Runs {@code sql} with {@code parameters} bound in order, in autocommit on a connection of its own. */
    public static void run(DataSource db, String sql, Object... parameters) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            s.execute();
        }
    }
}
