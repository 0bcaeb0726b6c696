package dev.murmur.settlement.earnings;

import dev.murmur.settlement.earnings.StatementService.Kind;
import dev.murmur.settlement.earnings.StatementService.Line;
import dev.murmur.settlement.earnings.StatementService.Statement;
import dev.murmur.settlement.earnings.StatementService.Status;
import dev.murmur.settlement.earnings.StatementService.Totals;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StatementCsvTest {

    @Test
    void shouldWriteOneRowPerLineWithTagsQuotedWhenTheyNeedIt() {
        Instant at = Instant.parse("2026-01-02T03:04:05Z");
        Statement s = new Statement(1, 2, List.of(
                new Line(at, Kind.TREND, 4, null, "t1", "a,\"b\"", 10, 125, "1.25", Status.CLAIMED, 3L, 2L, "0xab", "e1"),
                new Line(at, Kind.TIP, 4, 9L, null, null, 0, 5, "0.05", Status.UNSETTLED, null, null, null, null)),
                new Totals(5, 0, 0, 125, 130));

        assertThat(StatementCsv.write(s)).isEqualTo(StatementCsv.HEADER
                + "2026-01-02T03:04:05Z,trend,4,,\"#a,\"\"b\"\"\",1.25,claimed,3,2,0xab,e1\r\n"
                + "2026-01-02T03:04:05Z,tip,4,9,,0.05,unsettled,,,,\r\n");
    }

    @Test
    void shouldLeavePlainFieldsUnquoted() {
        assertThat(StatementCsv.field("#solarpunk")).isEqualTo("#solarpunk");
        assertThat(StatementCsv.field("line\nbreak")).isEqualTo("\"line\nbreak\"");
    }
}
