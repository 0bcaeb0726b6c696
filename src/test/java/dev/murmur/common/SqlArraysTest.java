package dev.murmur.common;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SqlArraysTest {

    @Test
    void writesThePostgresArrayLiteral() {
        assertEquals("{1,-2,9223372036854775807}", SqlArrays.bigints(List.of(1L, -2L, Long.MAX_VALUE)));
    }

    @Test
    void anEmptyListIsAnEmptyArray() {
        assertEquals("{}", SqlArrays.bigints(Set.of()));
    }

    @Test
    void integersAreWidened() {
        assertEquals("{7}", SqlArrays.bigints(List.of(7)));
    }
}
