package dev.murmur.bench.api;

import dev.murmur.account.service.TokenSessions;
import dev.murmur.common.Hashing;
import dev.murmur.common.NamedSql;
import dev.murmur.common.SqlArrays;
import dev.murmur.common.SqlTimes;
import dev.murmur.timeline.feed.HomeFeedStore;
import dev.murmur.timeline.service.PostViews;
import dev.murmur.timeline.service.TimelineService;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pgbench baseline of a home page: the statements the app sends for a viewer's first home page
 * of {@link #LIMIT} posts once the viewer's session is cached, as they are (their text is read from
 * the production classes: {@link HomeFeedStore#STATE}, {@link TimelineService#HOME_FEED}, {@link
 * PostViews}' {@code POSTS}, {@code QUOTED}, {@code FACETS} and {@code VIEWER_FLAGS}), with the
 * parameters the app binds for that viewer.
 *
 * <p>pgbench cannot carry a statement's rows into the next statement's parameters the way the app
 * does in Java (the page's ids, the quoted ids, the authors), and cannot hash a token. So the
 * parameters are worked out here first, over JDBC, by running the same statements in the same order
 * and deriving the next parameters as the app does; then each viewer gets a script of its own whose
 * parameters are pgbench variables ({@code -D}), and pgbench picks a viewer's script at random for
 * each transaction. The server sees the app's statement text ({@code :name} becomes {@code $n} in
 * both) and the app's values; only the result rows go unread.
 */
final class HomePageSql {

    /** The page size the bench's home requests ask for. */
    static final int LIMIT = 20;

    /** One viewer's script and the variables it uses. */
    record Script(long viewer, String text, List<String> variables) {
    }

    private HomePageSql() {
    }

    /**
     * The scripts of the viewers {@code from} to {@code to}. A viewer whose first page would reach
     * below its feed's horizon (the app then adds the pull query) or who has no feed yet is left out
     * and reported, since the script covers the feed-served page only.
     */
    static List<Script> scripts(Connection db, long from, long to) throws SQLException {
        List<Script> scripts = new ArrayList<>();
        for (long viewer = from; viewer <= to; viewer++) {
            Script script = script(db, viewer);
            if (script != null) {
                scripts.add(script);
            }
        }
        if (scripts.isEmpty()) {
            throw new IllegalStateException("no viewer in " + from + "-" + to + " has a first home page served from its feed");
        }
        return scripts;
    }

    private static Script script(Connection db, long viewer) throws SQLException {
        Statements page = new Statements(viewer);
        // The token's statement is not part of the page: the app resolves a viewer's token once and
        // serves its next pages from the session cache (decision 1176), as every home scenario's do.
        List<Map<String, Object>> token = page.check(db, TokenSessions.RESOLVE,
                Map.of("hash", Hashing.sha256Hex(ApiBenchmark.token(viewer))));
        if (token.isEmpty()) {
            throw new IllegalStateException("viewer " + viewer + " has no bearer token");
        }
        List<Map<String, Object>> state = page.run(db, HomeFeedStore.STATE, Map.of("v", viewer));
        if (state.isEmpty() || !Boolean.TRUE.equals(state.getFirst().get("built"))) {
            System.out.printf("bench api: home page SQL leaves out viewer %d: no built feed%n", viewer);
            return null;
        }
        Instant horizonAt = SqlTimes.instant(state.getFirst().get("horizon_at"));
        Number horizonId = (Number) state.getFirst().get("horizon_id");
        // TimelineService.home and feedRows: the horizon, or the epoch and 0 without one; one row more than the page.
        List<Map<String, Object>> keys = page.run(db, TimelineService.HOME_FEED, Map.of("viewer", viewer,
                "hAt", utc(horizonAt == null ? Instant.EPOCH : horizonAt), "hId", horizonId == null ? 0L : horizonId.longValue(),
                "fetch", LIMIT + 1));
        if (keys.size() <= LIMIT && horizonAt != null) {
            System.out.printf("bench api: home page SQL leaves out viewer %d: the first page reaches below the horizon%n", viewer);
            return null;
        }
        List<Long> ids = keys.stream().limit(LIMIT).map(k -> ((Number) k.get("id")).longValue()).toList();
        if (!ids.isEmpty()) {
            // PostViews.load: the posts; the quoted posts of the shown ones (a repost shows its original); their facets and the viewer's flags.
            List<Map<String, Object>> posts = page.run(db, PostViews.POSTS, Map.of("ids", SqlArrays.bigints(ids)));
            Set<Long> quoted = new HashSet<>();
            Set<Long> textIds = new HashSet<>();
            Set<Long> authors = new LinkedHashSet<>();
            for (Map<String, Object> p : posts) {
                String shown = "REPOST".equals(p.get("kind")) ? "r_" : "";
                if (p.get(shown + "quote_of_id") != null) {
                    quoted.add(((Number) p.get(shown + "quote_of_id")).longValue());
                }
                textIds.add(((Number) p.get(shown + "id")).longValue());
                authors.add(((Number) p.get("author_id")).longValue());
                if (p.get("r_id") != null) {
                    authors.add(((Number) p.get("r_author_id")).longValue());
                }
            }
            textIds.addAll(quoted);
            if (!quoted.isEmpty()) {
                page.run(db, PostViews.QUOTED, Map.of("quoted", SqlArrays.bigints(quoted)))
                        .forEach(q -> authors.add(((Number) q.get("author_id")).longValue()));
            }
            page.run(db, PostViews.FACETS, Map.of("posts", SqlArrays.bigints(textIds)));
            page.run(db, PostViews.VIEWER_FLAGS, Map.of("v", viewer, "posts", SqlArrays.bigints(textIds),
                    "authors", SqlArrays.bigints(authors)));
        }
        return new Script(viewer, page.script.toString(), page.variables());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** The statements of one viewer's page: run over JDBC, and written down for pgbench. */
    private static final class Statements {

        private final long viewer;
        private final StringBuilder script = new StringBuilder();
        private final Map<String, String> values = new LinkedHashMap<>();
        private int statement;

        Statements(long viewer) {
            this.viewer = viewer;
        }

        /**
         * Runs {@code sql} with its named parameters bound as Hibernate binds them (each occurrence a
         * positional parameter), returns its rows by column name, and adds it to the script with each
         * parameter renamed to a variable of this viewer's and this statement's own.
         */
        List<Map<String, Object>> run(Connection db, String sql, Map<String, Object> parameters) throws SQLException {
            statement++;
            NamedSql named = NamedSql.of(sql);
            for (String name : named.names()) {
                if (!parameters.containsKey(name)) {
                    throw new IllegalStateException("no value for :" + name + " in " + sql);
                }
                values.put(variable(name), text(parameters.get(name)));
            }
            script.append(NamedSql.rewrite(sql, name -> ":" + variable(name))).append(";\n");
            return check(db, sql, parameters);
        }

        /** Runs {@code sql} as {@link #run} does, for its rows only: it is not added to the script. */
        List<Map<String, Object>> check(Connection db, String sql, Map<String, Object> parameters) throws SQLException {
            NamedSql named = NamedSql.of(sql);
            List<Map<String, Object>> rows = new ArrayList<>();
            try (PreparedStatement ps = db.prepareStatement(named.text())) {
                for (int i = 0; i < named.names().size(); i++) {
                    ps.setObject(i + 1, parameters.get(named.names().get(i)));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    ResultSetMetaData meta = rs.getMetaData();
                    while (rs.next()) {
                        Map<String, Object> row = new HashMap<>();
                        for (int c = 1; c <= meta.getColumnCount(); c++) {
                            row.put(meta.getColumnLabel(c), rs.getObject(c));
                        }
                        rows.add(row);
                    }
                }
            }
            return rows;
        }

        /** The pgbench variable of parameter {@code name} in the current statement: this viewer's and this statement's own. */
        private String variable(String name) {
            return name + "_" + viewer + "_" + statement;
        }

        /** {@code name=value} for pgbench's {@code -D}. */
        List<String> variables() {
            return values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
        }

        /** A value as pgbench sends it: text, which the server reads as the parameter's type (ISO 8601 for times). */
        private static String text(Object value) {
            return value instanceof OffsetDateTime t ? DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t) : value.toString();
        }
    }
}
