package dev.murmur.common;

import java.util.Collection;
import java.util.stream.Collectors;

/**
 * Id lists bound as ONE parameter, {@code = any(cast(:ids as bigint[]))}, instead of {@code in (:ids)}:
 * the statement's text stays the same whatever the number of ids, so PostgreSQL's prepared statements
 * and Hibernate's query plans are reused, and an empty list needs no special case.
 */
public final class SqlArrays {

    private SqlArrays() {
    }

    /** The PostgreSQL array literal of {@code ids} ({@code {1,2,3}}), to bind as text and cast to {@code bigint[]}. */
    public static String bigints(Collection<? extends Number> ids) {
        return ids.stream().map(id -> Long.toString(id.longValue())).collect(Collectors.joining(",", "{", "}"));
    }
}
