package dev.murmur.settlement.earnings;

import dev.murmur.settlement.earnings.StatementMatcher.Paid;
import dev.murmur.settlement.earnings.StatementMatcher.Source;
import dev.murmur.settlement.earnings.StatementService.Kind;
import dev.murmur.settlement.earnings.StatementService.Line;
import dev.murmur.settlement.earnings.StatementService.Status;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The statement's first-in, first-out rule (decision 0901) on its own, without a ledger. */
class StatementMatcherTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    private static Source source(Kind kind, long amount, String event) {
        return new Source(T, kind, 1, kind == Kind.ENGAGEMENT ? 7L : null, null, null, kind == Kind.ENGAGEMENT ? 3 : 0, amount, event);
    }

    @Test
    void shouldPayTheOldestSourceFirstAndCutASourceThatSpansTwoPayments() {
        List<Line> lines = StatementMatcher.match(1, List.of(source(Kind.ENGAGEMENT, 100, "a"), source(Kind.TIP, 50, "b")),
                List.of(new Paid(Status.CLAIMED, 60, 5L, 1L, "0xclaim"), new Paid(Status.CLAIMABLE, 70, 6L, 2L, "0xsettle")), 2);

        assertThat(lines).extracting(Line::eventId, Line::amount, Line::status, Line::batchId, Line::txHash).containsExactly(
                org.assertj.core.groups.Tuple.tuple("a", 60L, Status.CLAIMED, 5L, "0xclaim"),
                org.assertj.core.groups.Tuple.tuple("a", 40L, Status.CLAIMABLE, 6L, "0xsettle"),
                org.assertj.core.groups.Tuple.tuple("b", 30L, Status.CLAIMABLE, 6L, "0xsettle"),
                org.assertj.core.groups.Tuple.tuple("b", 20L, Status.UNSETTLED, null, null));
        // Both parts of a cut source keep what earned it.
        assertThat(lines.get(1).postId()).isEqualTo(7L);
        assertThat(lines.get(1).credits()).isEqualTo(3);
        assertThat(lines.get(0).tokens()).isEqualTo("0.6");
    }

    @Test
    void shouldAddUpPerSourceToWhatItEarned() {
        List<Source> sources = List.of(source(Kind.ENGAGEMENT, 13, "a"), source(Kind.WITHDRAWAL, 29, "b"), source(Kind.TIP, 8, "c"));
        List<Line> lines = StatementMatcher.match(1, sources, List.of(new Paid(Status.PENDING, 17, 1L, 1L, "0x1"),
                new Paid(Status.PENDING, 11, 2L, 2L, "0x2")), 0);

        for (Source s : sources) {
            assertThat(lines.stream().filter(l -> l.eventId().equals(s.eventId())).mapToLong(Line::amount).sum()).isEqualTo(s.amount());
        }
        assertThat(lines.stream().filter(l -> l.status() == Status.PENDING).mapToLong(Line::amount).sum()).isEqualTo(28);
        assertThat(lines.stream().filter(l -> l.status() == Status.UNSETTLED).mapToLong(Line::amount).sum()).isEqualTo(22);
    }

    @Test
    void shouldLeaveEverythingUnsettledWithoutPayments() {
        assertThat(StatementMatcher.match(1, List.of(source(Kind.TIP, 5, "a")), List.of(), 0))
                .singleElement().satisfies(l -> assertThat(l.status()).isEqualTo(Status.UNSETTLED));
        assertThat(StatementMatcher.match(1, List.of(), List.of(), 0)).isEmpty();
    }

    @Test
    void shouldRefuseBatchesThatCarryMoreThanWasEarned() {
        assertThatThrownBy(() -> StatementMatcher.match(9, List.of(source(Kind.TIP, 5, "a")),
                List.of(new Paid(Status.CLAIMABLE, 8, 1L, 1L, "0x1")), 0))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("account 9").hasMessageContaining("3 more");
    }
}
