package dev.murmur.bench.trends;

import dev.murmur.trend.detect.MemoryTagStore;
import dev.murmur.trend.detect.PostSignal;
import dev.murmur.trend.detect.Share;
import dev.murmur.trend.detect.Transition;
import dev.murmur.trend.detect.TrendDetector;
import dev.murmur.trend.detect.TrendRules;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code ./murmur bench trends}: runs the pure detector over a seeded {@link TrendScenario} and
 * scores it against the scenario's known answers. Its last line is
 * {@code trends precision=... recall=... delay_buckets_p50=... originator_share=... bot_share=... eps=...}.
 */
public final class TrendBench {

    /** What the detector got right and wrong on one stream. */
    public record Report(int events, int detectedTags, int truePositives, int bursts, double precision, double recall,
                         double delayBucketsP50, double originatorShare, double botShare, double eventsPerSecond,
                         List<String> falsePositives) {

        public String line() {
            return String.format(Locale.ROOT, "trends precision=%.3f recall=%.3f delay_buckets_p50=%.1f originator_share=%.3f bot_share=%.4f eps=%.0f",
                    precision, recall, delayBucketsP50, originatorShare, botShare, eventsPerSecond);
        }
    }

    private TrendBench() {
    }

    /** The bench's detector settings: the published defaults, on the scenario's bucket, no lateness (the stream is ordered). */
    public static TrendRules rules(long bucketMillis) {
        return TrendRules.defaults().withBucket(Duration.ofMillis(bucketMillis), Duration.ZERO);
    }

    public static Report run(TrendScenario.Stream stream, TrendRules rules, int timedRuns) {
        List<Transition.Detected> detected = detect(stream.events(), rules);
        double eps = 0;
        for (int i = 0; i < timedRuns; i++) {
            long t0 = System.nanoTime();
            detect(stream.events(), rules);
            long elapsed = System.nanoTime() - t0;
            eps = Math.max(eps, stream.events().size() / (elapsed / 1e9));
        }
        return score(stream, rules, detected, eps);
    }

    static List<Transition.Detected> detect(List<PostSignal> events, TrendRules rules) {
        TrendDetector detector = new TrendDetector(rules, new MemoryTagStore(rules), Long.MIN_VALUE, t -> true, a -> false);
        List<Transition.Detected> detected = new ArrayList<>();
        for (PostSignal e : events) {
            detector.apply(e, t -> {
                if (t instanceof Transition.Detected d) {
                    detected.add(d);
                }
            });
        }
        return detected;
    }

    static Report score(TrendScenario.Stream stream, TrendRules rules, List<Transition.Detected> detected, double eps) {
        Map<String, TrendScenario.Burst> bursts = new HashMap<>();
        stream.bursts().forEach(b -> bursts.put(b.tag(), b));
        Set<String> detectedTags = new HashSet<>();
        Map<String, Transition.Detected> firstAfterStart = new HashMap<>();
        double botWeighted = 0;
        double allWeighted = 0;
        for (Transition.Detected d : detected) {
            detectedTags.add(d.tag());
            TrendScenario.Burst burst = bursts.get(d.tag());
            if (burst != null && d.startBucket() >= burst.startBucket()) {
                firstAfterStart.putIfAbsent(d.tag(), d);
            }
            for (Share s : d.shares()) {
                allWeighted += d.score() * s.bps();
                if (stream.bots().contains(s.accountId())) {
                    botWeighted += d.score() * s.bps();
                }
            }
        }
        List<String> falsePositives = detectedTags.stream().filter(t -> !bursts.containsKey(t)).sorted().toList();
        int truePositives = firstAfterStart.size();
        List<Long> delays = new ArrayList<>();
        double originatorShare = 0;
        for (Transition.Detected d : firstAfterStart.values()) {
            TrendScenario.Burst burst = bursts.get(d.tag());
            delays.add(d.startBucket() - burst.startBucket());
            int bps = d.shares().stream().filter(s -> burst.originators().contains(s.accountId())).mapToInt(Share::bps).sum();
            originatorShare += bps / 10_000.0;
        }
        delays.sort(null);
        double p50 = delays.isEmpty() ? Double.NaN : delays.size() % 2 == 1 ? delays.get(delays.size() / 2)
                : (delays.get(delays.size() / 2 - 1) + delays.get(delays.size() / 2)) / 2.0;
        return new Report(stream.events().size(), detectedTags.size(), truePositives, bursts.size(),
                detectedTags.isEmpty() ? 0 : (double) (detectedTags.size() - falsePositives.size()) / detectedTags.size(),
                bursts.isEmpty() ? 1 : (double) truePositives / bursts.size(), p50,
                firstAfterStart.isEmpty() ? 0 : originatorShare / firstAfterStart.size(),
                allWeighted == 0 ? 0 : botWeighted / allWeighted, eps, falsePositives);
    }

    public static void main(String[] args) {
        long seed = args.length > 0 ? Long.parseLong(args[0]) : 20250301L;
        boolean small = args.length > 1 && args[1].equals("small");
        TrendScenario.Size size = small ? TrendScenario.small() : TrendScenario.full();
        long g0 = System.nanoTime();
        TrendScenario.Stream stream = TrendScenario.generate(size, seed);
        long g1 = System.nanoTime();
        TrendRules rules = rules(stream.bucketMillis());
        System.out.printf(Locale.ROOT, "scenario seed=%d buckets=%d accounts=%d tags=%d events=%d bursts=%d slow_tags=%d bot_ring=%d (generated in %d ms)%n",
                seed, size.buckets(), size.accounts(), size.backgroundTags(), stream.events().size(), stream.bursts().size(),
                stream.slowTags().size(), stream.bots().size(), (g1 - g0) / 1_000_000);
        System.out.println("rules " + rules);
        Report report = run(stream, rules, 3);
        System.out.printf(Locale.ROOT, "detected tags=%d true positives=%d of %d bursts; false positives=%s%n",
                report.detectedTags(), report.truePositives(), report.bursts(), report.falsePositives());
        System.out.println(report.line());
    }
}
