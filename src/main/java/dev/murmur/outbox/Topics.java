package dev.murmur.outbox;

/** Kafka topic names, shared by producers, consumers, channel config and tests. */
public final class Topics {

    /** Engagements that earn or reverse credit, keyed by the creator who earns (the post's author). */
    public static final String ENGAGEMENTS = "murmur.engagements";
    /** Posts created and deleted, keyed by the author. */
    public static final String POSTS = "murmur.posts";
    /** Follows and unfollows, keyed by the account followed. */
    public static final String SOCIAL = "murmur.social";

    /** Tips, keyed by the creator who receives them. */
    public static final String TIPS = "murmur.tips";

    /** Earnings a settlement batch settled, one event per account, keyed by the account. */
    public static final String SETTLEMENTS = "murmur.settlements";
    /** An account's notifications changed (the live push's signal), keyed by the account. */
    public static final String NOTIFICATIONS = "murmur.notifications";

    private Topics() {
    }
}
