package dev.murmur.demo;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's #solarpunk burst lands in one trend bucket whenever the app starts, including the worst
 * moments: a start that puts the old fixed 41-46 s burst across a bucket boundary (issue 16 saw it
 * fail to trend on one of two fresh starts).
 */
class DemoTrendScheduleTest {

    private static final Duration DEMO_BUCKET = Duration.ofSeconds(10);

    @Test
    void theBurstLandsInOneBucketFromEveryStartingMillisecondOfABucket() {
        Instant boundary = Instant.parse("2026-12-04T15:00:00Z");
        for (long offset = 0; offset < DEMO_BUCKET.toMillis(); offset++) {
            assertBurstInOneBucket(boundary.plusMillis(offset), DEMO_BUCKET);
        }
    }

    @Test
    void theOldFixedScheduleSplitAtTheWorstMoment() {
        // The start the issue hit: 7 s into a bucket puts 41 s at 8 s into one bucket and 46 s at 3 s into
        // the next. This is what the schedule must avoid, so the check above can fail.
        Instant worst = Instant.parse("2026-12-04T15:00:07Z");
        long first = worst.plusSeconds(41).toEpochMilli() / DEMO_BUCKET.toMillis();
        long last = worst.plusSeconds(46).toEpochMilli() / DEMO_BUCKET.toMillis();
        assertThat(last).isNotEqualTo(first);
        assertBurstInOneBucket(worst, DEMO_BUCKET);
    }

    @Test
    void productionSizedBucketsAlsoHoldTheBurst() {
        Duration quarterHour = Duration.ofMinutes(15);
        Instant start = Instant.parse("2026-12-04T15:14:30Z");
        assertBurstInOneBucket(start, quarterHour);
    }

    private static void assertBurstInOneBucket(Instant now, Duration bucket) {
        Duration delay = DemoTrendScenario.burstDelay(now, bucket);
        assertThat(delay).as("after the chatter that builds the baselines").isGreaterThanOrEqualTo(DemoTrendScenario.CHATTER_BEFORE_BURST);
        assertThat(delay).as("not much later than needed").isLessThan(DemoTrendScenario.CHATTER_BEFORE_BURST.plus(bucket));
        Instant first = now.plus(delay);
        Instant last = first.plus(DemoTrendScenario.BURST.getLast()).plus(Duration.ofSeconds(1)); // one second for delays
        assertThat(Math.floorDiv(last.toEpochMilli(), bucket.toMillis()))
                .as("burst from %s to %s, started at %s", first, last, now)
                .isEqualTo(Math.floorDiv(first.toEpochMilli(), bucket.toMillis()));
    }
}
