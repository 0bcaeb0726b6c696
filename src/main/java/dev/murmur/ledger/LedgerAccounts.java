package dev.murmur.ledger;

/**
 * Ledger account codes and units. Codes are stable strings: they are stored in every posting.
 *
 * <ul>
 *   <li>{@code CREDIT}: engagement credits. A credit moves from {@link #ENGAGEMENT_POOL} to
 *       {@code creator:<id>:credits}; a reversal moves it back.</li>
 *   <li>{@code TOKEN}: payout-token base units. Closing a period moves its budget from
 *       {@link #REWARD_FUNDING} to {@code creator:<id>:unsettled}; settlement moves it on.</li>
 * </ul>
 */
public final class LedgerAccounts {

    public static final String CREDIT = "CREDIT";
    public static final String TOKEN = "TOKEN";

    public static final String ENGAGEMENT_POOL = "pool:engagement";
    /** Source of trend credits (goes negative), like {@link #ENGAGEMENT_POOL}. */
    public static final String TREND_POOL = "pool:trends";
    public static final String REWARD_FUNDING = "funding:rewards";

    private LedgerAccounts() {
    }

    public static String creatorCredits(long creatorId) {
        return "creator:" + creatorId + ":credits";
    }

    public static String creatorUnsettled(long creatorId) {
        return "creator:" + creatorId + ":unsettled";
    }
}
