package dev.murmur.notification;

/**
 * What a notification is about. LIKE, REPOST and FOLLOW group several actors into one
 * notification; the others stand one per event (docs/decisions/0712-notification-grouping.md).
 */
public enum NotificationKind {
    /** Someone mentioned you in a post (not a reply or quote to you: those are REPLY and QUOTE). */
    MENTION,
    /** Someone replied to your post; {@code postId} is the reply. */
    REPLY,
    /** Someone quoted your post; {@code postId} is the quote. */
    QUOTE,
    /** Accounts reposted your post {@code postId}. Grouped. */
    REPOST,
    /** Accounts liked your post {@code postId}. Grouped. */
    LIKE,
    /** Accounts followed you. Grouped. */
    FOLLOW,
    /** Someone tipped you {@code amount} token base units (no actor when anonymous). */
    TIP,
    /** You earned {@code amount} credits from the trend {@code trendId} ({@code tag}). */
    TREND_CREDIT,
    /** The settlement batch {@code batchId} settled {@code amount} token base units of your earnings. */
    EARNINGS_SETTLED;

    /** Kinds whose events join one notification per subject while it is unread. */
    public boolean grouped() {
        return this == LIKE || this == REPOST || this == FOLLOW;
    }
}
