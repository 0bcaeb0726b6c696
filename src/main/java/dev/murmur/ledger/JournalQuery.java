package dev.murmur.ledger;

import jakarta.persistence.EntityManager;
import org.hibernate.Session;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The ledger's one way to read rows: a fixed SQL text, its parameters bound by position, and each
 * row mapped to a record by column name. Runs on the connection of the caller's transaction.
 */
final class JournalQuery {

    /** Binds a statement's parameters; gets the connection for arrays. */
    @FunctionalInterface
    interface Binder {
        void bind(Connection connection, PreparedStatement statement) throws SQLException;
    }

    /** Maps the current row. */
    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    private JournalQuery() {
    }

    static <T> List<T> list(EntityManager em, String sql, Binder binder, RowMapper<T> mapper) {
        List<T> result = new ArrayList<>();
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                binder.bind(connection, statement);
                statement.setFetchSize(10_000);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        result.add(mapper.map(rows));
                    }
                }
            }
        });
        return result;
    }

    /** The one value of a query that returns one row with one {@code bigint} column. */
    static long single(EntityManager em, String sql, Binder binder) {
        return list(em, sql, binder, row -> row.getLong(1)).getFirst();
    }

    /**
     * Binds an account as three parameters (kind, owner id, owner address), in the form the table
     * stores: an absent owner is 0 or '' (no account or address has that value), so equality finds it.
     */
    static int bindAccount(PreparedStatement statement, int index, LedgerAccount account) throws SQLException {
        statement.setString(index, account.kind().name());
        statement.setLong(index + 1, account.ownerId() == null ? 0 : account.ownerId());
        statement.setString(index + 2, account.ownerAddress() == null ? "" : account.ownerAddress());
        return index + 3;
    }
}
