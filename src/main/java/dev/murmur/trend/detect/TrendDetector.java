package dev.murmur.trend.detect;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.LongPredicate;
import java.util.function.Predicate;

/**
 * Trend detection and attribution, pure: it sees post signals in event-time order (roughly: late
 * events within the lateness are fine) and a {@link TagStore}, and reports {@link Transition}s.
 *
 * <p>Counting: per tag, unique eligible accounts per bucket (a repost counts for the reposting
 * account; accounts younger than the minimum age or excluded by moderation do not count).
 * Scoring: z = (O - E) / sqrt(E), where O is the bucket's count and E the mean of the W buckets
 * before it, at least the floor (a Poisson z-score against the tag's own baseline). A tag starts
 * trending the moment O >= minAccounts and z >= threshold; it stops after the first complete
 * bucket whose z falls below the stop score. Time is event time only (the watermark is the latest
 * event time seen), so a replay decides exactly as the first run did.
 *
 * <p>Attribution is frozen at detection, from the cascade of the lookback window: originators
 * (the K earliest accounts, weighted 1/rank) share {@code originatorBps}; amplifiers share the
 * rest in proportion to the distinct accounts that reposted, quoted or replied to their posts
 * carrying the tag (direct edges); then {@link Shares#allocate} caps and rounds to 10,000.
 */
public final class TrendDetector {

    private final TrendRules rules;
    private final TagStore store;
    private final Predicate<String> trendable;
    private final LongPredicate excluded;
    private long watermark;
    private long firstBucket;
    private long warmBucket;

    /**
     * @param watermark the latest event time already seen (Long.MIN_VALUE for none)
     * @param trendable false for tags operators marked not trendable (they are not even counted)
     * @param excluded  true for accounts moderation excludes
     */
    public TrendDetector(TrendRules rules, TagStore store, long watermark, Predicate<String> trendable, LongPredicate excluded) {
        this(rules, store, watermark, watermark == Long.MIN_VALUE ? Long.MIN_VALUE : rules.bucket(watermark), trendable, excluded);
    }

    /**
     * @param firstBucket the first bucket this detector (across restarts) ever saw: no tag trends
     *                    before W buckets of baseline exist, or every popular tag would "rise" at start-up
     */
    public TrendDetector(TrendRules rules, TagStore store, long watermark, long firstBucket, Predicate<String> trendable,
                         LongPredicate excluded) {
        this.firstBucket = firstBucket;
        this.warmBucket = firstBucket == Long.MIN_VALUE ? Long.MAX_VALUE : firstBucket + rules.baselineBuckets();
        this.rules = rules;
        this.store = store;
        this.watermark = watermark;
        this.trendable = trendable;
        this.excluded = excluded;
    }

    public long watermark() {
        return watermark;
    }

    public long firstBucket() {
        return firstBucket;
    }

    public List<Transition> apply(PostSignal s) {
        List<Transition> out = new ArrayList<>(1);
        apply(s, out::add);
        return out;
    }

    public void apply(PostSignal s, Consumer<Transition> out) {
        if (firstBucket == Long.MIN_VALUE) {
            firstBucket = rules.bucket(s.time());
            warmBucket = firstBucket + rules.baselineBuckets();
        }
        if (s.time() > watermark) {
            long before = watermark == Long.MIN_VALUE ? Long.MIN_VALUE : completedBucket(watermark);
            watermark = s.time();
            if (completedBucket(watermark) > before) {
                advance(out);
            }
        }
        List<String> tags = s.tags();
        for (int i = 0; i < tags.size(); i++) {
            String tag = tags.get(i);
            if (tags.indexOf(tag) != i || !trendable.test(tag)) {
                continue;
            }
            TagState st = store.get(tag);
            if (s.deleted()) {
                forget(st, s);
            } else {
                count(st, s, out);
            }
        }
    }

    /** Scores the complete buckets of every trend in progress; ends those that decayed. */
    public void advance(Consumer<Transition> out) {
        long completed = completedBucket(watermark);
        for (TagState st : store.active()) {
            TagState.Active a = st.active;
            while (a != null && a.evaluatedBucket < completed) {
                long c = ++a.evaluatedBucket;
                int o = st.count(c);
                double z = score(o, expected(st, c));
                a.peakScore = Math.max(a.peakScore, z);
                if (o > 0 || !a.timeline.isEmpty()) {
                    a.timeline.put(c, o);
                }
                if (z < rules.stopScore()) {
                    out.accept(new Transition.Ended(st.tag, a.trendId, a.startBucket, a.detectedAt,
                            (c + 1) * rules.bucketMillis(), a.peakScore, a.shares, new TreeMap<>(a.timeline)));
                    st.active = null;
                    st.uses.clear();
                    st.roots.clear();
                    store.activeChanged(st);
                    a = null;
                }
            }
        }
    }

    private long completedBucket(long time) {
        return rules.bucket(time - rules.latenessMillis()) - 1;
    }

    private void count(TagState st, PostSignal s, Consumer<Transition> out) {
        long b = rules.bucket(s.time());
        if (b > st.lastBucket) {
            roll(st, b);
        } else if (b < st.lastBucket - 1) {
            return; // later than the lateness allows: its bucket is gone
        }
        if (s.time() - s.accountSince() < rules.minAccountAgeMillis() || excluded.test(s.accountId())) {
            return;
        }
        Map<Long, Long> users = st.users.get(b);
        if (users == null) {
            users = new HashMap<>();
            st.users.put(b, users);
        }
        if (users.putIfAbsent(s.accountId(), s.postId()) == null) {
            st.add(b, 1);
        }
        TagState.Active a = st.active;
        if (a == null) {
            if (!st.uses.containsKey(s.accountId())) {
                st.uses.put(s.accountId(), new TagState.Use(s.time(), s.postId(), b));
            }
            if (s.kind() != PostSignal.Kind.REPOST) {
                st.roots.putIfAbsent(s.postId(), new TagState.Root(s.accountId(), b));
            }
            if (s.parentPostId() != null) {
                TagState.Root parent = st.roots.get(s.parentPostId());
                if (parent != null && parent.authorId != s.accountId()) {
                    if (parent.descendants == null) {
                        parent.descendants = new HashSet<>();
                    }
                    parent.descendants.add(s.accountId());
                }
            }
            int o = st.count(b);
            if (o >= rules.minAccounts() && b >= warmBucket) {
                double z = score(o, expected(st, b));
                if (z >= rules.threshold()) {
                    detect(st, b, s.time(), z, out);
                }
            }
        } else if (b >= a.startBucket) {
            a.timeline.put(b, st.count(b));
            a.peakScore = Math.max(a.peakScore, score(st.count(b), expected(st, b)));
        }
    }

    private void roll(TagState st, long b) {
        st.lastBucket = b;
        st.users.keySet().removeIf(k -> k < b - 1);
        if (st.active == null) {
            long oldest = b - rules.lookbackBuckets();
            st.uses.values().removeIf(u -> u.bucket < oldest);
            st.roots.values().removeIf(r -> r.bucket < oldest);
        }
    }

    private void forget(TagState st, PostSignal s) {
        for (Map.Entry<Long, Map<Long, Long>> bucket : st.users.entrySet()) {
            Map<Long, Long> users = bucket.getValue();
            Long counted = users.get(s.accountId());
            if (counted != null && counted == s.postId()) {
                users.remove(s.accountId());
                st.add(bucket.getKey(), -1);
            }
        }
        if (st.active == null) {
            TagState.Use use = st.uses.get(s.accountId());
            if (use != null && use.postId == s.postId()) {
                st.uses.remove(s.accountId());
            }
            st.roots.remove(s.postId());
            if (s.parentPostId() != null) {
                TagState.Root parent = st.roots.get(s.parentPostId());
                if (parent != null && parent.descendants != null) {
                    parent.descendants.remove(s.accountId());
                }
            }
        }
    }

    private double expected(TagState st, long b) {
        double cached = st.cachedExpected(b);
        if (!Double.isNaN(cached)) {
            return cached;
        }
        long sum = 0;
        for (int i = 1; i <= rules.baselineBuckets(); i++) {
            sum += st.count(b - i);
        }
        double e = Math.max(rules.expectedFloor(), (double) sum / rules.baselineBuckets());
        st.cacheExpected(b, e);
        return e;
    }

    private static double score(int observed, double expected) {
        return (observed - expected) / Math.sqrt(expected);
    }

    private void detect(TagState st, long b, long time, double z, Consumer<Transition> out) {
        TagState.Active a = new TagState.Active();
        a.trendId = trendId(st.tag, b);
        a.startBucket = b;
        a.detectedAt = time;
        a.detectionScore = z;
        a.peakScore = z;
        a.evaluatedBucket = b - 1;
        a.shares = attribute(st, rules);
        for (long k = b - rules.lookbackBuckets(); k <= b; k++) {
            int c = st.count(k);
            if (c > 0 || !a.timeline.isEmpty()) {
                a.timeline.put(k, c);
            }
        }
        st.active = a;
        store.activeChanged(st);
        out.accept(new Transition.Detected(st.tag, a.trendId, b, time, z, a.shares, new TreeMap<>(a.timeline)));
    }

    /** Stable: the same tag starting in the same bucket is the same trend, in every run and replay. */
    public static String trendId(String tag, long startBucket) {
        return UUID.nameUUIDFromBytes(("trend:" + tag + ":" + startBucket).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The attribution of a tag's cascade as it stands (called at detection). */
    static List<Share> attribute(TagState st, TrendRules rules) {
        record Early(long account, long time) {
        }
        List<Early> early = new ArrayList<>(st.uses.size());
        st.uses.forEach((account, use) -> early.add(new Early(account, use.time)));
        early.sort(Comparator.comparingLong(Early::time).thenComparingLong(Early::account));
        int k = Math.min(rules.originators(), early.size());
        double harmonic = 0;
        for (int r = 1; r <= k; r++) {
            harmonic += 1.0 / r;
        }
        Map<Long, Long> descendants = new TreeMap<>();
        long totalDescendants = 0;
        for (TagState.Root root : st.roots.values()) {
            if (root.descendants != null && !root.descendants.isEmpty()) {
                descendants.merge(root.authorId, (long) root.descendants.size(), Long::sum);
                totalDescendants += root.descendants.size();
            }
        }
        double originatorPart = totalDescendants == 0 ? Shares.TOTAL : rules.originatorBps();
        double amplifierPart = Shares.TOTAL - originatorPart;
        Map<Long, Double> raw = new TreeMap<>();
        Map<Long, List<String>> roles = new HashMap<>();
        Map<Long, List<String>> reasons = new HashMap<>();
        for (int r = 1; r <= k; r++) {
            Early e = early.get(r - 1);
            raw.merge(e.account(), originatorPart * (1.0 / r) / harmonic, Double::sum);
            roles.computeIfAbsent(e.account(), x -> new ArrayList<>()).add("ORIGINATOR");
            reasons.computeIfAbsent(e.account(), x -> new ArrayList<>()).add("first use of #" + st.tag + " at "
                    + Instant.ofEpochMilli(e.time()) + " (#" + r + " of the " + k + " earliest accounts)");
        }
        for (Map.Entry<Long, Long> d : descendants.entrySet()) {
            raw.merge(d.getKey(), amplifierPart * d.getValue() / totalDescendants, Double::sum);
            roles.computeIfAbsent(d.getKey(), x -> new ArrayList<>()).add("AMPLIFIER");
            reasons.computeIfAbsent(d.getKey(), x -> new ArrayList<>()).add(d.getValue()
                    + (d.getValue() == 1 ? " account" : " accounts") + " reposted, quoted or replied to your posts with #"
                    + st.tag + " before it trended");
        }
        Map<Long, Long> weights = new TreeMap<>();
        raw.forEach((account, w) -> weights.put(account, Math.round(w * 1e9)));
        SortedMap<Long, Integer> bps = Shares.allocate(weights, rules.capBps());
        List<Share> shares = new ArrayList<>(bps.size());
        Set<Long> seen = new HashSet<>();
        bps.forEach((account, points) -> {
            if (seen.add(account)) {
                shares.add(new Share(account, points, roles.get(account), reasons.get(account)));
            }
        });
        shares.sort(Comparator.comparingInt(Share::bps).reversed().thenComparingLong(Share::accountId));
        return shares;
    }

}
