package dev.murmur.bench.trends;

import dev.murmur.trend.detect.PostSignal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;

import java.util.Set;
import java.util.SplittableRandom;


/**
 * A seeded synthetic post stream with known answers, for the trend bench and its tests:
 * heavy-tailed background (Zipf accounts and tags, reposts and replies), injected bursts with
 * known originators, a late large amplifier with 100 times the originators' followers, a ring of
 * fresh accounts spamming a tag (and piggybacking on bursts), and slow-burning tags that are
 * popular all the time (with a daily cycle) but never rise.
 */
public final class TrendScenario {

    /** Sizes; {@link #full()} is the bench, {@link #small()} the unit tests. */
    public record Size(int buckets, long bucketMillis, int accounts, int backgroundTags, int postsPerBucket, int trends,
                       int originatorsPerTrend, int slowTags, int botRing, int originatorFollowers) {
    }

    public static Size full() {
        return new Size(192, 15 * 60_000L, 50_000, 5_000, 4_000, 40, 5, 20, 50, 20);
    }

    public static Size small() {
        return new Size(96, 15 * 60_000L, 8_000, 1_000, 800, 12, 5, 6, 50, 20);
    }

    /** An injected burst: its tag, the bucket it starts in, and its true originators. */
    public record Burst(String tag, long startBucket, Set<Long> originators) {
    }

    public record Stream(List<PostSignal> events, List<Burst> bursts, Set<String> slowTags, String botTag,
                         Set<Long> bots, long bigAmplifier, long bucketMillis) {
    }

    public static final long EPOCH = 1_735_689_600_000L; // 2025-01-01T00:00:00Z
    private static final long DAY = 86_400_000L;

    private final Size size;
    private final SplittableRandom random;
    private final List<PostSignal> events = new ArrayList<>();
    private long nextPostId = 1;
    private final long[] since;
    private final double[] accountCdf;
    private final double[] tagCdf;
    /** Recent posts, for background reposts and replies. */
    private final PostSignal[] recent = new PostSignal[4096];
    private int recentCount;

    private TrendScenario(Size size, long seed) {
        this.size = size;
        this.random = new SplittableRandom(seed);
        int total = size.accounts() + size.botRing() + 1;
        this.since = new long[total + 1];
        Arrays.fill(since, EPOCH - 60 * DAY);
        this.accountCdf = zipfCdf(size.accounts(), 0.8);
        this.tagCdf = zipfCdf(size.backgroundTags(), 1.1);
    }

    public static Stream generate(Size size, long seed) {
        return new TrendScenario(size, seed).build();
    }

    private Stream build() {
        long big = size.accounts() + 1L;
        Set<Long> bots = new HashSet<>();
        for (int i = 0; i < size.botRing(); i++) {
            bots.add(size.accounts() + 2L + i);
        }
        int baseline = 16;
        long botStart = size.buckets() / 3;
        for (long bot : bots) {
            // Fresh: registered an hour before the spam starts.
            since[(int) bot] = EPOCH + botStart * size.bucketMillis() - 3_600_000L;
        }

        for (long b = 0; b < size.buckets(); b++) {
            background(b);
            slow(b);
        }
        // Bursts start after the baseline has filled and end before the stream does.
        List<Burst> bursts = new ArrayList<>();
        int span = size.buckets() - baseline - 14;
        for (int k = 0; k < size.trends(); k++) {
            long start = baseline + (long) k * span / size.trends() + random.nextInt(Math.max(1, span / size.trends()));
            bursts.add(burst("burst" + k, start, big, bots, k));
        }
        // The bot ring spams its own tag for 12 buckets and reposts itself.
        String botTag = "botcoin";
        List<Long> botList = new ArrayList<>(bots);
        for (long b = botStart; b < Math.min(size.buckets(), botStart + 12); b++) {
            List<PostSignal> ringPosts = new ArrayList<>();
            for (long bot : botList) {
                for (int n = 0; n < 3; n++) {
                    ringPosts.add(emit(bot, PostSignal.Kind.POST, null, List.of(botTag), at(b)));
                }
            }
            for (long bot : botList) {
                PostSignal target = ringPosts.get(random.nextInt(ringPosts.size()));
                emit(bot, PostSignal.Kind.REPOST, target.postId(), target.tags(), Math.max(target.time(), at(b)) + 1);
            }
        }
        events.sort(Comparator.comparingLong(PostSignal::time).thenComparingLong(PostSignal::postId));
        Set<String> slow = new HashSet<>();
        for (int i = 0; i < size.slowTags(); i++) {
            slow.add("slow" + i);
        }
        return new Stream(List.copyOf(events), bursts, slow, botTag, bots, big, size.bucketMillis());
    }

    private void background(long b) {
        int posts = size.postsPerBucket();
        for (int i = 0; i < posts; i++) {
            long account = 1 + sample(accountCdf);
            long time = at(b);
            double r = random.nextDouble();
            if (r < 0.25 && recentCount > 0) {
                PostSignal target = recent[random.nextInt(Math.min(recentCount, recent.length))];
                emit(account, PostSignal.Kind.REPOST, target.postId(), target.tags(), time);
            } else if (r < 0.35 && recentCount > 0) {
                PostSignal target = recent[random.nextInt(Math.min(recentCount, recent.length))];
                emit(account, PostSignal.Kind.REPLY, target.postId(), target.tags(), time);
            } else {
                List<String> tags = random.nextDouble() < 0.2
                        ? List.of(tag(sample(tagCdf)), tag(sample(tagCdf)))
                        : List.of(tag(sample(tagCdf)));
                remember(emit(account, PostSignal.Kind.POST, null, tags, time));
            }
        }
    }

    private void slow(long b) {
        // Popular all day, every day, following a daily cycle (+-30 %), never rising beyond it.
        double cycle = 1 + 0.3 * Math.sin(2 * Math.PI * (b * size.bucketMillis() % DAY) / DAY);
        for (int k = 0; k < size.slowTags(); k++) {
            int n = (int) Math.round((30 + 10 * k % 50) * cycle);
            for (int i = 0; i < n; i++) {
                emit(1 + random.nextInt(size.accounts()), PostSignal.Kind.POST, null, List.of("slow" + k), at(b));
            }
        }
    }

    private Burst burst(String tag, long start, long big, Set<Long> bots, int k) {
        Set<Long> originators = new HashSet<>();
        List<PostSignal> roots = new ArrayList<>();
        long bucketStart = EPOCH + start * size.bucketMillis();
        while (originators.size() < size.originatorsPerTrend()) {
            originators.add(1L + random.nextInt(size.accounts()));
        }
        for (long o : originators) {
            roots.add(emit(o, PostSignal.Kind.POST, null, List.of(tag), bucketStart + random.nextLong(size.bucketMillis() / 2)));
        }
        int[] adopters = {0, 10, 22, 38, 50, 40, 24, 12, 6, 3};
        List<PostSignal> all = new ArrayList<>(roots);
        for (int offset = 1; offset < adopters.length; offset++) {
            long from = bucketStart + offset * size.bucketMillis();
            long[] times = new long[adopters[offset]];
            for (int i = 0; i < times.length; i++) {
                times[i] = from + random.nextLong(size.bucketMillis());
            }
            Arrays.sort(times);
            for (long time : times) {
                long account = 1L + random.nextInt(size.accounts());
                double r = random.nextDouble();
                // Early adopters mostly pick up the originators' posts.
                PostSignal target = random.nextDouble() < 0.7 ? roots.get(random.nextInt(roots.size()))
                        : all.get(random.nextInt(all.size()));
                PostSignal p;
                if (r < 0.6) {
                    p = emit(account, PostSignal.Kind.REPOST, target.postId(), List.of(tag), Math.max(time, target.time() + 1));
                } else if (r < 0.8) {
                    p = emit(account, r < 0.7 ? PostSignal.Kind.QUOTE : PostSignal.Kind.REPLY, target.postId(), List.of(tag),
                            Math.max(time, target.time() + 1));
                } else {
                    p = emit(account, PostSignal.Kind.POST, null, List.of(tag), time);
                }
                if (p.kind() != PostSignal.Kind.REPOST) {
                    all.add(p);
                }
            }
        }
        // The large amplifier (100x the followers) picks the trend up late: at the start of the
        // second bucket for half the bursts (before detection), in the third for the others.
        long bigAt = bucketStart + (k % 2 == 0 ? 1 : 2) * size.bucketMillis() + 1_000;
        PostSignal bigPost = emit(big, PostSignal.Kind.QUOTE, roots.getFirst().postId(), List.of(tag), bigAt);
        int followers = size.originatorFollowers() * 100;
        int reposts = followers / 10;
        for (int i = 0; i < reposts; i++) {
            long t = bigAt + 1 + (long) (random.nextDouble() * random.nextDouble() * 2 * size.bucketMillis());
            emit(1L + random.nextInt(size.accounts()), PostSignal.Kind.REPOST, bigPost.postId(), List.of(tag), t);
        }
        // Every third burst, the bot ring piggybacks: reposts of the originators right away.
        if (k % 3 == 0) {
            for (long bot : bots) {
                PostSignal target = roots.get(random.nextInt(roots.size()));
                emit(bot, PostSignal.Kind.REPOST, target.postId(), List.of(tag), target.time() + 1 + random.nextInt(60_000));
            }
        }
        return new Burst(tag, Math.floorDiv(EPOCH, size.bucketMillis()) + start, Set.copyOf(originators));
    }

    private PostSignal emit(long account, PostSignal.Kind kind, Long parent, List<String> tags, long time) {
        PostSignal p = new PostSignal(nextPostId++, account, since[(int) account], kind, parent, tags, time, false);
        events.add(p);
        return p;
    }

    private void remember(PostSignal p) {
        recent[recentCount % recent.length] = p;
        recentCount++;
    }

    private long at(long b) {
        return EPOCH + b * size.bucketMillis() + random.nextLong(size.bucketMillis());
    }

    private int sample(double[] cdf) {
        int i = Arrays.binarySearch(cdf, random.nextDouble());
        return Math.min(cdf.length - 1, i >= 0 ? i : -i - 1);
    }

    private static String tag(int rank) {
        return "t" + rank;
    }

    private static double[] zipfCdf(int n, double s) {
        double[] cdf = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += 1 / Math.pow(i + 1, s);
            cdf[i] = sum;
        }
        for (int i = 0; i < n; i++) {
            cdf[i] /= sum;
        }
        return cdf;
    }

}
