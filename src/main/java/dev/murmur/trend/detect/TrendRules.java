package dev.murmur.trend.detect;

import java.time.Duration;

/**
 * The detector's and the attribution's parameters as plain values, so both can run without
 * Quarkus (unit tests, the bench). Built from {@code TrendConfig} in the app. Published in
 * docs/rewards.md ("Trend credits").
 *
 * @param bucketMillis      length of a counting bucket
 * @param baselineBuckets   W: the baseline is the mean of the W buckets before the one scored
 * @param expectedFloor     the baseline never goes below this (a tag never seen still has E = floor)
 * @param threshold         a tag starts trending when z = (O - E) / sqrt(E) reaches this ...
 * @param minAccounts       ... and at least this many eligible accounts used it in the bucket
 * @param stopScore         a trend ends after a completed bucket whose z is below this
 * @param latenessMillis    a bucket counts as complete when the watermark is this far past its end
 * @param minAccountAgeMillis accounts younger than this (at the time of the post) are not counted
 * @param lookbackBuckets   the cascade kept before detection: uses and edges of the last L buckets
 * @param originators       K: how many of the earliest accounts share the originator part
 * @param originatorBps     the originator part of a trend's credit, in basis points; the rest goes to amplifiers
 * @param capBps            no account gets more than this (raised to ceil(10000 / n) when fewer than 10000 / cap take part)
 */
public record TrendRules(long bucketMillis, int baselineBuckets, double expectedFloor, double threshold, int minAccounts,
                         double stopScore, long latenessMillis, long minAccountAgeMillis, int lookbackBuckets,
                         int originators, int originatorBps, int capBps) {

    public TrendRules {
        if (bucketMillis <= 0 || baselineBuckets < 1 || expectedFloor <= 0 || minAccounts < 1 || latenessMillis < 0
                || minAccountAgeMillis < 0 || lookbackBuckets < 1 || originators < 1
                || originatorBps < 0 || originatorBps > 10_000 || capBps < 1 || capBps > 10_000) {
            throw new IllegalArgumentException("invalid murmur.trends.* settings: " + this);
        }
        if (stopScore > threshold) {
            throw new IllegalArgumentException("murmur.trends.stop-score must not exceed murmur.trends.threshold");
        }
    }

    /** The published defaults (also TrendConfig's). */
    public static TrendRules defaults() {
        return new TrendRules(Duration.ofMinutes(15).toMillis(), 12, 2.0, 8.0, 10, 1.0, Duration.ofMinutes(1).toMillis(),
                Duration.ofHours(72).toMillis(), 12, 10, 7_000, 2_500);
    }

    public long bucket(long timeMillis) {
        return Math.floorDiv(timeMillis, bucketMillis);
    }

    public TrendRules withMinAccountAge(Duration age) {
        return new TrendRules(bucketMillis, baselineBuckets, expectedFloor, threshold, minAccounts, stopScore, latenessMillis,
                age.toMillis(), lookbackBuckets, originators, originatorBps, capBps);
    }

    public TrendRules withBucket(Duration bucket, Duration lateness) {
        return new TrendRules(bucket.toMillis(), baselineBuckets, expectedFloor, threshold, minAccounts, stopScore,
                lateness.toMillis(), minAccountAgeMillis, lookbackBuckets, originators, originatorBps, capBps);
    }
}
