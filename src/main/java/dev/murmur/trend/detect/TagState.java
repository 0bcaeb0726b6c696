package dev.murmur.trend.detect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything the detector knows about one tag: a ring of unique-account counts per bucket, which
 * accounts counted in the last two buckets, the cascade before detection, and the trend in
 * progress. Plain public fields, so the app stores it as JSON and the bench keeps it in memory,
 * with the same code deciding in both.
 */
public final class TagState {

    /** An account's first use of the tag in the lookback window. */
    public static final class Use {
        public long time;
        public long postId;
        public long bucket;

        public Use() {
        }

        Use(long time, long postId, long bucket) {
            this.time = time;
            this.postId = postId;
            this.bucket = bucket;
        }
    }

    /** A post carrying the tag, and the distinct accounts that reposted, quoted or replied to it. */
    public static final class Root {
        public long authorId;
        public long bucket;
        /** Null until the first descendant (most posts never get one). */
        public Set<Long> descendants;

        public Root() {
        }

        Root(long authorId, long bucket) {
            this.authorId = authorId;
            this.bucket = bucket;
        }
    }

    /** A trend in progress. */
    public static final class Active {
        public String trendId;
        public long startBucket;
        public long detectedAt;
        public double detectionScore;
        public double peakScore;
        /** The last bucket whose final count has been scored. */
        public long evaluatedBucket;
        public List<Share> shares = new ArrayList<>();
        /** Bucket to unique-account count, from the lookback before detection to now. */
        public TreeMap<Long, Integer> timeline = new TreeMap<>();
    }

    public String tag;
    public long lastBucket = Long.MIN_VALUE;
    public long[] ringBuckets;
    public int[] ringCounts;
    /** Bucket to (account to the post that made it count), for the last two buckets only. */
    public Map<Long, Map<Long, Long>> users = new HashMap<>();
    public LinkedHashMap<Long, Use> uses = new LinkedHashMap<>();
    public Map<Long, Root> roots = new HashMap<>();
    public Active active;
    private long expectedFor = Long.MIN_VALUE;
    private double expected;

    double cachedExpected(long bucket) {
        return expectedFor == bucket ? expected : Double.NaN;
    }

    void cacheExpected(long bucket, double value) {
        expectedFor = bucket;
        expected = value;
    }

    public TagState() {
    }

    public TagState(String tag, int ringSize) {
        this.tag = tag;
        this.ringBuckets = new long[ringSize];
        this.ringCounts = new int[ringSize];
        java.util.Arrays.fill(ringBuckets, Long.MIN_VALUE);
    }

    public int count(long bucket) {
        int slot = (int) Math.floorMod(bucket, (long) ringBuckets.length);
        return ringBuckets[slot] == bucket ? ringCounts[slot] : 0;
    }

    void add(long bucket, int delta) {
        int slot = (int) Math.floorMod(bucket, (long) ringBuckets.length);
        if (ringBuckets[slot] != bucket) {
            ringBuckets[slot] = bucket;
            ringCounts[slot] = 0;
            expectedFor = Long.MIN_VALUE;
        } else if (bucket < expectedFor) {
            expectedFor = Long.MIN_VALUE; // a late event or a deletion changed a baseline bucket
        }
        ringCounts[slot] += delta;
    }
}
