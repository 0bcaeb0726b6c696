package dev.murmur.ledger;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LedgerBalanceTest {

    private static JournalEntry entry(JournalEntry.Posting... postings) {
        return new JournalEntry(JournalEntry.Kind.ENGAGEMENT_CREDIT, UUID.randomUUID(), 1, Instant.EPOCH, Map.of(), List.of(postings));
    }

    @Test
    void shouldAcceptAnEntryThatBalancesPerUnit() {
        assertThatCode(() -> Ledger.requireBalanced(entry(
                new JournalEntry.Posting("a", "CREDIT", 5), new JournalEntry.Posting("b", "CREDIT", -5),
                new JournalEntry.Posting("a", "TOKEN", 7), new JournalEntry.Posting("c", "TOKEN", -7)))).doesNotThrowAnyException();
    }

    @Test
    void shouldRefuseEntriesThatDoNotBalanceInEachUnit() {
        // Sums to zero overall, but not per unit.
        assertThatThrownBy(() -> Ledger.requireBalanced(entry(
                new JournalEntry.Posting("a", "CREDIT", 5), new JournalEntry.Posting("b", "TOKEN", -5))))
                .isInstanceOf(UnbalancedEntryException.class);
        assertThatThrownBy(() -> Ledger.requireBalanced(entry())).isInstanceOf(UnbalancedEntryException.class);
        assertThatThrownBy(() -> Ledger.requireBalanced(entry(
                new JournalEntry.Posting("a", "CREDIT", 0)))).isInstanceOf(UnbalancedEntryException.class);
    }
}
