package dev.murmur.tip.service;

import dev.murmur.account.WalletLinked;
import dev.murmur.ledger.JournalEntry;
import dev.murmur.ledger.JournalEntry.Posting;
import dev.murmur.ledger.Ledger;
import dev.murmur.ledger.LedgerAccount;
import dev.murmur.ledger.LedgerAccounts;
import dev.murmur.ledger.LedgerQueries;
import dev.murmur.period.PeriodService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * On-chain deposits in the ledger: credited to the depositor's tipping balance, held for an address
 * no account has linked yet (and released to the account that links it), reversed when a reorg
 * removes their log. Each entry's event id comes from the log, so a deposit is booked once.
 */
@ApplicationScoped
public class TipDeposits {

    private final Ledger ledger;
    private final LedgerQueries ledgerQueries;
    private final PeriodService periods;
    private final Clock clock;

    public TipDeposits(Ledger ledger, LedgerQueries ledgerQueries, PeriodService periods, Clock clock) {
        this.ledger = ledger;
        this.ledgerQueries = ledgerQueries;
        this.periods = periods;
        this.clock = clock;
    }

    /** Credits a confirmed deposit to an account's tipping balance ({@code depositId} is derived from its log). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void credit(UUID depositId, long accountId, long amount, Map<String, Object> reason) {
        record(JournalEntry.Kind.DEPOSIT, depositId, LedgerAccounts.tippingBalance(accountId), amount, reason);
    }

    /** Holds a deposit from an address no account has linked: the account that links it later receives it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void hold(UUID depositId, String address, long amount, Map<String, Object> reason) {
        record(JournalEntry.Kind.DEPOSIT, depositId, LedgerAccounts.heldDeposits(address), amount, reason);
    }

    /**
     * Reverses a deposit whose log a reorg removed, from wherever it sits now: the owner's tipping
     * balance once the address is linked (held deposits move there at link time), else the held
     * account. The reversal always posts, even if the balance was spent meanwhile: the balance then
     * goes negative, and the account can neither tip nor withdraw until new deposits bring it back
     * above zero. Tips already sent stand.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void reverse(UUID reversalId, Optional<Long> owner, String address, long amount, Map<String, Object> reason) {
        LedgerAccount account = owner.map(LedgerAccounts::tippingBalance).orElse(LedgerAccounts.heldDeposits(address));
        record(JournalEntry.Kind.DEPOSIT_REVERSAL, reversalId, account, -amount, reason);
    }

    /** When an address is linked, what was held for it becomes its owner's tipping balance, in one entry. */
    void releaseHeld(@Observes WalletLinked linked) {
        LedgerAccount held = LedgerAccounts.heldDeposits(linked.address());
        long amount = ledgerQueries.balance(held, LedgerAccounts.TOKEN);
        if (amount <= 0) {
            return;
        }
        // One release per address and amount: an address belongs to one account for good.
        UUID id = UUID.nameUUIDFromBytes(("release:" + linked.address() + ":" + ledgerQueries.lines(held, LedgerAccounts.TOKEN, null, 1)
                .getFirst().entryId()).getBytes(StandardCharsets.UTF_8));
        ledger.record(List.of(new JournalEntry(JournalEntry.Kind.DEPOSIT_RELEASED, id, periods.lockOpenForCredit().id(), clock.instant(),
                Map.of("rule", "held deposits released on wallet link", "wallet", linked.address()), List.of(
                new Posting(held, LedgerAccounts.TOKEN, -amount),
                new Posting(LedgerAccounts.tippingBalance(linked.accountId()), LedgerAccounts.TOKEN, amount)))));
    }

    private void record(JournalEntry.Kind kind, UUID id, LedgerAccount account, long amount, Map<String, Object> reason) {
        ledger.record(List.of(new JournalEntry(kind, id, periods.lockOpenForCredit().id(), clock.instant(), reason, List.of(
                new Posting(LedgerAccounts.DEPOSITS, LedgerAccounts.TOKEN, -amount),
                new Posting(account, LedgerAccounts.TOKEN, amount)))));
    }
}
