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

    private Topics() {
    }
}
