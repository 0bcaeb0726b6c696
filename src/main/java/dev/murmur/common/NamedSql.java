package dev.murmur.common;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A statement written with named parameters ({@code :viewer}), as the native queries of this code
 * base are, parsed once into the positional form JDBC sends ({@code ?}) and the name of each
 * position. A name may occur many times; each occurrence is a position of its own, as Hibernate binds
 * them. A {@code ::} cast is not a parameter.
 */
public record NamedSql(String text, List<String> names) {

    private static final Pattern PARAMETER = Pattern.compile("(?<![:\\w]):([A-Za-z_][A-Za-z0-9_]*)");

    public NamedSql {
        names = List.copyOf(names);
    }

    /** Parses {@code sql}; keep the result in a constant, since statements are constant text. */
    public static NamedSql of(String sql) {
        List<String> names = new ArrayList<>();
        String text = rewrite(sql, name -> {
            names.add(name);
            return "?";
        });
        return new NamedSql(text, names);
    }

    /**
     * {@code sql} with each parameter occurrence replaced by what {@code placeholder} gives for its
     * name, in text order (the API benchmark names them as pgbench variables).
     */
    public static String rewrite(String sql, Function<String, String> placeholder) {
        Matcher m = PARAMETER.matcher(sql);
        StringBuilder out = new StringBuilder(sql.length());
        int done = 0;
        while (m.find()) {
            out.append(sql, done, m.start()).append(placeholder.apply(m.group(1)));
            done = m.end();
        }
        return out.append(sql, done, sql.length()).toString();
    }
}
