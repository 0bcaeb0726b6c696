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

    private static JournalEntry.Posting credit(LedgerAccount account, long amount) {
        return new JournalEntry.Posting(account, LedgerAccounts.CREDIT, amount);
    }

    private static JournalEntry.Posting token(LedgerAccount account, long amount) {
        return new JournalEntry.Posting(account, LedgerAccounts.TOKEN, amount);
    }

    @Test
    void shouldAcceptAnEntryThatBalancesPerUnit() {
        assertThatCode(() -> Ledger.requireBalanced(entry(
                credit(LedgerAccounts.creatorCredits(1), 5), credit(LedgerAccounts.ENGAGEMENT_POOL, -5),
                token(LedgerAccounts.creatorUnsettled(1), 7), token(LedgerAccounts.REWARD_FUNDING, -7)))).doesNotThrowAnyException();
    }

    @Test
    void shouldRefuseEntriesThatDoNotBalanceInEachUnit() {
        // Sums to zero overall, but not per unit.
        assertThatThrownBy(() -> Ledger.requireBalanced(entry(
                credit(LedgerAccounts.creatorCredits(1), 5), token(LedgerAccounts.REWARD_FUNDING, -5))))
                .isInstanceOf(UnbalancedEntryException.class);
        assertThatThrownBy(() -> Ledger.requireBalanced(entry())).isInstanceOf(UnbalancedEntryException.class);
        assertThatThrownBy(() -> Ledger.requireBalanced(entry(
                credit(LedgerAccounts.creatorCredits(1), 0)))).isInstanceOf(UnbalancedEntryException.class);
    }

    @Test
    void shouldRefuseAPostingInAnotherUnitThanItsAccountCounts() {
        assertThatThrownBy(() -> Ledger.requireBalanced(entry(
                token(LedgerAccounts.creatorCredits(1), 5), token(LedgerAccounts.REWARD_FUNDING, -5))))
                .isInstanceOf(UnbalancedEntryException.class).hasMessageContaining("CREATOR_CREDITS/1");
    }

    @Test
    void shouldRefuseTwoPostingsToOneAccount() {
        assertThatThrownBy(() -> Ledger.requireBalanced(entry(
                credit(LedgerAccounts.creatorCredits(1), 5), credit(LedgerAccounts.creatorCredits(1), -5))))
                .isInstanceOf(UnbalancedEntryException.class);
    }

    @Test
    void shouldRequireAPostedOrVoidedSettlementToNameItsPendingEntry() {
        List<JournalEntry.Posting> move = List.of(token(LedgerAccounts.creatorPending(1), -5), token(LedgerAccounts.creatorSettled(1), 5));
        JournalEntry posted = new JournalEntry(JournalEntry.Kind.SETTLEMENT_POSTED, UUID.randomUUID(), 1, Instant.EPOCH, Map.of(), move);
        assertThatThrownBy(() -> Ledger.requireBalanced(posted)).isInstanceOf(UnbalancedEntryException.class);
        assertThatCode(() -> Ledger.requireBalanced(posted.resolving(UUID.randomUUID()))).doesNotThrowAnyException();
        JournalEntry pending = new JournalEntry(JournalEntry.Kind.SETTLEMENT_PENDING, UUID.randomUUID(), 1, Instant.EPOCH, Map.of(), move);
        assertThatThrownBy(() -> Ledger.requireBalanced(pending.resolving(UUID.randomUUID()))).isInstanceOf(UnbalancedEntryException.class);
    }

    @Test
    void shouldRefuseAnAccountWithoutTheOwnerItsKindNeeds() {
        assertThatThrownBy(() -> new LedgerAccount(LedgerAccount.Kind.CREATOR_CREDITS, null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LedgerAccount(LedgerAccount.Kind.TIP_FEES, 3L, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LedgerAccount(LedgerAccount.Kind.HELD_DEPOSITS, 3L, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
