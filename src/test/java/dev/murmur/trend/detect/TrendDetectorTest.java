package dev.murmur.trend.detect;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TrendDetectorTest {

    private static final long BUCKET = 60_000;
    private static final long T0 = 1_000 * BUCKET;
    private static final long OLD = T0 - 30L * 86_400_000;
    private final TrendRules rules = TrendRules.defaults().withBucket(Duration.ofMillis(BUCKET), Duration.ZERO);

    private long nextPost = 1;

    private PostSignal post(long account, String tag, long time) {
        return new PostSignal(nextPost++, account, OLD, PostSignal.Kind.POST, null, List.of(tag), time, false);
    }

    private PostSignal repost(long account, PostSignal of, long time) {
        return new PostSignal(nextPost++, account, OLD, PostSignal.Kind.REPOST, of.postId(), of.tags(), time, false);
    }

    /** W quiet buckets of background, so the detector is warm; returns the detector. */
    private TrendDetector warm(MemoryTagStore store, Set<String> notTrendable, Set<Long> excluded, List<Transition> out) {
        TrendDetector d = new TrendDetector(rules, store, Long.MIN_VALUE, t -> !notTrendable.contains(t), excluded::contains);
        for (int b = 0; b <= rules.baselineBuckets(); b++) {
            d.apply(post(999_999, "noise", T0 + b * BUCKET), out::add);
        }
        return d;
    }

    private static final long BURST = T0 + 20 * BUCKET;

    @Test
    void shouldTrendWhenUniqueAccountsCrossTheThresholdAndCreditTheEarliest() {
        List<Transition> out = new ArrayList<>();
        TrendDetector d = warm(new MemoryTagStore(rules), Set.of(), Set.of(), out);
        PostSignal first = post(1, "rising", BURST);
        d.apply(first, out::add);
        for (long a = 2; a <= 30; a++) {
            d.apply(repost(a, first, BURST + a * 100), out::add);
        }
        Transition.Detected detected = (Transition.Detected) out.stream().filter(t -> t instanceof Transition.Detected).findFirst().orElseThrow();
        assertThat(detected.tag()).isEqualTo("rising");
        // E is the floor (2): the 14th account makes z = (14 - 2) / sqrt(2) = 8.5 >= 8.
        assertThat(detected.detectedAt()).isEqualTo(BURST + 14 * 100);
        Share top = detected.shares().getFirst();
        assertThat(top.accountId()).isEqualTo(1);
        assertThat(top.roles()).containsExactly("ORIGINATOR", "AMPLIFIER");
        assertThat(top.reasons()).anySatisfy(r -> assertThat(r).contains("13 accounts reposted"));
        assertThat(top.bps()).isLessThanOrEqualTo(rules.capBps());
        assertThat(detected.shares().stream().mapToInt(Share::bps).sum()).isEqualTo(10_000);
        // Nobody who joined after detection has a share.
        assertThat(detected.shares()).allSatisfy(s -> assertThat(s.accountId()).isLessThanOrEqualTo(14));
    }

    @Test
    void shouldCountAccountsNotPostsAndIgnoreFreshAndExcludedAccounts() {
        List<Transition> out = new ArrayList<>();
        MemoryTagStore store = new MemoryTagStore(rules);
        TrendDetector d = warm(store, Set.of(), Set.of(500L), out);
        for (int i = 0; i < 40; i++) {
            d.apply(post(7, "spam", BURST + i), out::add); // one account, many posts
            d.apply(new PostSignal(nextPost++, 100 + i, BURST - 3_600_000, PostSignal.Kind.POST, null, List.of("spam"),
                    BURST + i, false)); // fresh accounts
            d.apply(post(500, "spam", BURST + i), out::add); // excluded by moderation
        }
        assertThat(store.find("spam").count(rules.bucket(BURST))).isEqualTo(1);
        assertThat(out).noneMatch(t -> t instanceof Transition.Detected);
    }

    @Test
    void shouldNotTrendATagOperatorsMarkedNotTrendable() {
        List<Transition> out = new ArrayList<>();
        TrendDetector d = warm(new MemoryTagStore(rules), Set.of("banned"), Set.of(), out);
        for (long a = 1; a <= 50; a++) {
            d.apply(post(a, "banned", BURST + a), out::add);
        }
        assertThat(out).isEmpty();
    }

    @Test
    void shouldEndTheTrendWhenACompleteBucketDecaysAndDecideTheSameOnReplay() {
        List<PostSignal> stream = new ArrayList<>();
        for (int b = 0; b <= rules.baselineBuckets(); b++) {
            stream.add(post(999_999, "noise", T0 + b * BUCKET));
        }
        for (long a = 1; a <= 30; a++) {
            stream.add(post(a, "wave", BURST + a * 10));
        }
        for (long a = 31; a <= 60; a++) {
            stream.add(post(a, "wave", BURST + BUCKET + a * 10)); // as many again: z falls as the baseline rises
        }
        for (int b = 2; b < 6; b++) {
            stream.add(post(999_999, "noise", BURST + b * BUCKET));
        }
        List<Transition> first = run(stream);
        List<Transition> replay = run(stream);
        assertThat(first).extracting(Transition::getClass).containsExactly(Transition.Detected.class, Transition.Ended.class);
        Transition.Ended ended = (Transition.Ended) first.get(1);
        assertThat(ended.peakScore()).isGreaterThanOrEqualTo(((Transition.Detected) first.get(0)).score());
        assertThat(ended.timeline()).containsEntry(rules.bucket(BURST), 30).containsEntry(rules.bucket(BURST) + 1, 30);
        assertThat(replay).usingRecursiveFieldByFieldElementComparator().isEqualTo(first);
    }

    @Test
    void shouldForgetADeletedPostBeforeDetection() {
        List<Transition> out = new ArrayList<>();
        MemoryTagStore store = new MemoryTagStore(rules);
        TrendDetector d = warm(store, Set.of(), Set.of(), out);
        PostSignal p = post(1, "gone", BURST);
        d.apply(p, out::add);
        d.apply(new PostSignal(p.postId(), 1, OLD, PostSignal.Kind.POST, null, p.tags(), BURST + 5, true), out::add);
        assertThat(store.find("gone").count(rules.bucket(BURST))).isZero();
        assertThat(store.find("gone").uses).isEmpty();
    }

    private List<Transition> run(List<PostSignal> stream) {
        List<Transition> out = new ArrayList<>();
        TrendDetector d = new TrendDetector(rules, new MemoryTagStore(rules), Long.MIN_VALUE, t -> true, a -> false);
        stream.forEach(s -> d.apply(s, out::add));
        return out;
    }
}
