package dev.murmur.ledger;

/**
 * Ledger account codes and units. Codes are stable strings: they are stored in every posting.
 *
 * <ul>
 *   <li>{@code CREDIT}: engagement credits. A credit moves from {@link #ENGAGEMENT_POOL} to
 *       {@code creator:<id>:credits}; a reversal moves it back.</li>
 *   <li>{@code TOKEN}: payout-token base units. Closing a period moves its budget from
 *       {@link #REWARD_FUNDING} to {@code creator:<id>:unsettled}. Submitting a settlement batch
 *       moves each creator's new amount to {@code creator:<id>:pending}; the batch becoming final
 *       moves it to {@code creator:<id>:settled} (on chain, claimable), and a failed or vetoed
 *       batch moves it back to unsettled. A claim on chain moves it from settled to
 *       {@code creator:<id>:claimed}; settled + claimed is the creator's cumulative amount on chain.</li>
 * </ul>
 */
public final class LedgerAccounts {

    public static final String CREDIT = "CREDIT";
    public static final String TOKEN = "TOKEN";

    public static final String ENGAGEMENT_POOL = "pool:engagement";
    /** Source of trend credits (goes negative), like {@link #ENGAGEMENT_POOL}. */
    public static final String TREND_POOL = "pool:trends";
    public static final String REWARD_FUNDING = "funding:rewards";

    /** Tokens readers deposited into the payout contract: the other side of their tipping balances. */
    public static final String DEPOSITS = "chain:deposits";
    /** The platform's tip fees. */
    public static final String TIP_FEES = "platform:tip-fees";

    /** The last part of a creator's TOKEN account codes. */
    public static final String UNSETTLED = "unsettled";
    public static final String PENDING = "pending";
    public static final String SETTLED = "settled";
    /** Paid out to the creator's wallet by a {@code Claimed} log the chain listener saw. */
    public static final String CLAIMED = "claimed";

    private LedgerAccounts() {
    }

    public static String creatorCredits(long creatorId) {
        return "creator:" + creatorId + ":credits";
    }

    public static String creatorUnsettled(long creatorId) {
        return "creator:" + creatorId + ":" + UNSETTLED;
    }

    public static String creatorPending(long creatorId) {
        return "creator:" + creatorId + ":" + PENDING;
    }

    /** Deposits from an address no account has linked yet, held until one does (TOKEN). */
    public static String heldDeposits(String address) {
        return "held:" + address + ":deposits";
    }

    /** A reader's tipping balance (TOKEN): deposits in, tips and withdrawals out. */
    public static String tippingBalance(long accountId) {
        return "reader:" + accountId + ":balance";
    }

    public static String creatorSettled(long creatorId) {
        return "creator:" + creatorId + ":" + SETTLED;
    }

    public static String creatorClaimed(long creatorId) {
        return "creator:" + creatorId + ":" + CLAIMED;
    }
}
