package dev.murmur.demo;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo's trend scenario through the live path (issue 16 §4): the demo world seeded at start, the
 * scenario started 6.5 s into a 10-second bucket (the worst moment for the old fixed 41-46 s burst:
 * three posts in one bucket and three in the next, so neither had the four accounts a demo trend
 * needs), its posts through PostService, the outbox, Kafka and the trend detector with
 * {@code ./murmur up --demo}'s trend settings; #solarpunk must trend. {@link DemoTrendScheduleTest}
 * checks the schedule alone for every millisecond of a bucket.
 */
@QuarkusTest
@TestProfile(DemoTrendScenarioTest.Demo.class)
class DemoTrendScenarioTest {

    /** The demo's settings as {@code ./murmur up --demo} writes them; the test starts the scenario itself. */
    public static class Demo implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "murmur.demo.seed", "true",
                    "murmur.demo.trend-scenario", "false",
                    "murmur.trends.bucket", "PT10S",
                    "murmur.trends.baseline-buckets", "3",
                    "murmur.trends.min-accounts", "4",
                    "murmur.trends.threshold", "2",
                    "murmur.trends.lateness", "PT2S",
                    "murmur.trends.min-account-age", "PT0S",
                    "murmur.trends.lookback-buckets", "6");
        }
    }

    private static final long BUCKET_MILLIS = Duration.ofSeconds(10).toMillis();
    /** 6.5 s into a bucket: the old schedule's posts at 47.5, 48.5, 49.5 | 50.5, 51.5, 52.5 s split three and three. */
    private static final long WORST_OFFSET_MILLIS = 6_500;

    @Inject
    DemoTrendScenario scenario;
    @Inject
    EntityManager em;
    @Inject
    Clock clock;

    @Test
    void solarpunkTrendsWhenTheScenarioStartsAtTheWorstMomentOfABucket() throws InterruptedException {
        // Other tests on the shared database feed the detector event times far in the future; the demo
        // posts at wall-clock time, so the detector must not be ahead of now (a fresh database never is).
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                        "update trend_detector set watermark = null, first_bucket = null where id = 1 and watermark > :now")
                .setParameter("now", clock.millis()).executeUpdate());

        long now = clock.millis();
        long wait = Math.floorMod(WORST_OFFSET_MILLIS - Math.floorMod(now, BUCKET_MILLIS), BUCKET_MILLIS);
        Thread.sleep(wait);
        assertThat(Math.floorMod(clock.millis(), BUCKET_MILLIS)).as("started at the worst moment").isBetween(WORST_OFFSET_MILLIS, WORST_OFFSET_MILLIS + 200);
        scenario.startInBackground();

        // The burst starts 41-51 s from now; the chatter after it moves event time on so its bucket closes.
        await().atMost(Duration.ofSeconds(110)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(trends("solarpunk")).as("#solarpunk's trends").isNotEmpty());
        assertThat(trends("solarpunk")).doesNotContain("SUPPRESSED");
    }

    @SuppressWarnings("unchecked")
    private List<String> trends(String tag) {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("select status from trend where tag = :tag")
                .setParameter("tag", tag).getResultList());
    }
}
