package dev.murmur.ledger;

import dev.murmur.ledger.LedgerAccount.Kind;

/**
 * Ledger accounts and units by name, for the code that books and reads them.
 *
 * <ul>
 *   <li>{@code CREDIT}: engagement credits. A credit moves from {@link #ENGAGEMENT_POOL} to the
 *       creator's credits ({@link #creatorCredits}); a reversal moves it back.</li>
 *   <li>{@code TOKEN}: payout-token base units. Closing a period moves its budget from
 *       {@link #REWARD_FUNDING} to the creator's unsettled account. Submitting a settlement batch
 *       moves each creator's new amount to pending; the batch becoming final moves it to settled
 *       (on chain, claimable), and a failed or vetoed batch moves it back to unsettled. A claim on
 *       chain moves it from settled to claimed; settled + claimed is the creator's cumulative amount
 *       on chain.</li>
 * </ul>
 */
public final class LedgerAccounts {

    public static final String CREDIT = "CREDIT";
    public static final String TOKEN = "TOKEN";

    public static final LedgerAccount ENGAGEMENT_POOL = LedgerAccount.platform(Kind.ENGAGEMENT_POOL);
    /** Source of trend credits (goes negative), like {@link #ENGAGEMENT_POOL}. */
    public static final LedgerAccount TREND_POOL = LedgerAccount.platform(Kind.TREND_POOL);
    public static final LedgerAccount REWARD_FUNDING = LedgerAccount.platform(Kind.REWARD_FUNDING);

    /** Tokens readers deposited into the payout contract: the other side of their tipping balances. */
    public static final LedgerAccount DEPOSITS = LedgerAccount.platform(Kind.CHAIN_DEPOSITS);
    /** The platform's tip fees. */
    public static final LedgerAccount TIP_FEES = LedgerAccount.platform(Kind.TIP_FEES);

    /** The kinds of a creator's TOKEN accounts, for queries over all creators. */
    public static final Kind UNSETTLED = Kind.CREATOR_UNSETTLED;
    public static final Kind PENDING = Kind.CREATOR_PENDING;
    public static final Kind SETTLED = Kind.CREATOR_SETTLED;
    /** Paid out to the creator's wallet by a {@code Claimed} log the chain listener saw. */
    public static final Kind CLAIMED = Kind.CREATOR_CLAIMED;

    private LedgerAccounts() {
    }

    public static LedgerAccount creatorCredits(long creatorId) {
        return LedgerAccount.of(Kind.CREATOR_CREDITS, creatorId);
    }

    public static LedgerAccount creatorUnsettled(long creatorId) {
        return LedgerAccount.of(Kind.CREATOR_UNSETTLED, creatorId);
    }

    public static LedgerAccount creatorPending(long creatorId) {
        return LedgerAccount.of(Kind.CREATOR_PENDING, creatorId);
    }

    public static LedgerAccount creatorSettled(long creatorId) {
        return LedgerAccount.of(Kind.CREATOR_SETTLED, creatorId);
    }

    public static LedgerAccount creatorClaimed(long creatorId) {
        return LedgerAccount.of(Kind.CREATOR_CLAIMED, creatorId);
    }

    /** Deposits from an address no account has linked yet, held until one does (TOKEN). */
    public static LedgerAccount heldDeposits(String address) {
        return LedgerAccount.heldFor(address);
    }

    /** A reader's tipping balance (TOKEN): deposits in, tips and withdrawals out. */
    public static LedgerAccount tippingBalance(long accountId) {
        return LedgerAccount.of(Kind.READER_BALANCE, accountId);
    }
}
