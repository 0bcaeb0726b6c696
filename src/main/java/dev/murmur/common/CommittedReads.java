package dev.murmur.common;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.SystemException;
import jakarta.transaction.TransactionManager;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The request path's reads: one statement on a pooled connection in autocommit, with plain JDBC, no
 * transaction and no persistence context (decision 1172). Every authenticated request resolves its
 * token here, and every page of posts reads its keys and its views here; through Hibernate, each of
 * those statements cost more of the app's CPU than PostgreSQL's own work on it.
 *
 * <p>Such a read sees what is committed, and nothing a transaction of the caller has not flushed:
 * so it refuses to run inside a transaction rather than read around one.
 */
@ApplicationScoped
public class CommittedReads {

    /** Reads the current row of a result. */
    @FunctionalInterface
    public interface RowReader<T> {
        T read(ResultSet row) throws SQLException;
    }

    /** The counter of statements run here: what a page costs shows there, as Hibernate's statistics show its own. */
    public static final String STATEMENTS = "murmur.committed_reads";

    private final AgroalDataSource db;
    private final TransactionManager transactions;
    private final Counter statements;

    public CommittedReads(AgroalDataSource db, TransactionManager transactions, MeterRegistry metrics) {
        this.db = db;
        this.transactions = transactions;
        this.statements = Counter.builder(STATEMENTS).description("statements run as committed reads (decision 1172)")
                .register(metrics);
    }

    /**
     * Every row of {@code sql} with {@code parameters} bound by name, read by {@code reader}, in the
     * statement's order. A collection of numbers binds as one {@code bigint[]}.
     */
    public <T> List<T> list(NamedSql sql, Map<String, ?> parameters, RowReader<T> reader) {
        requireNoTransaction(sql);
        statements.increment();
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql.text())) {
            List<String> names = sql.names();
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                if (!parameters.containsKey(name)) {
                    throw new IllegalArgumentException("no value for :" + name);
                }
                bind(c, s, i + 1, parameters.get(name));
            }
            try (ResultSet rows = s.executeQuery()) {
                List<T> read = new ArrayList<>();
                while (rows.next()) {
                    read.add(reader.read(rows));
                }
                return read;
            }
        } catch (SQLException e) {
            // The pool's own SQLException stays the cause: ProblemMappers answers it as 503 database-busy.
            throw new IllegalStateException("read failed: " + e.getMessage(), e);
        }
    }

    /**
     * Binds a value; a collection of ids binds as one {@code bigint[]}. Bound as text instead (as
     * Hibernate binds {@link SqlArrays}' literal), the {@code cast(:ids as bigint[])} of a prepared
     * statement's generic plan parses the literal again for every row it filters: the viewer flags of
     * a home page read 1,023 likes of the viewer and took 0.94 ms, against 0.16 ms with the array
     * bound as {@code bigint[]} (EXPLAIN ANALYZE on the benchmark's world).
     */
    private static void bind(Connection c, PreparedStatement s, int position, Object value) throws SQLException {
        if (value instanceof Collection<?> ids) {
            Long[] array = new Long[ids.size()];
            int i = 0;
            for (Object id : ids) {
                array[i++] = ((Number) id).longValue();
            }
            s.setArray(position, c.createArrayOf("bigint", array));
        } else {
            s.setObject(position, value);
        }
    }

    private void requireNoTransaction(NamedSql sql) {
        try {
            if (transactions.getStatus() != Status.STATUS_NO_TRANSACTION) {
                throw new IllegalStateException("a committed read runs outside transactions: " + sql.text());
            }
        } catch (SystemException e) {
            throw new IllegalStateException(e);
        }
    }
}
