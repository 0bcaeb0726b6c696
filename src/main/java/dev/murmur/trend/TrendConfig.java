package dev.murmur.trend;

import dev.murmur.trend.detect.TrendRules;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Trend detection, attribution and credits. Published with reasons in docs/rewards.md ("Trend credits"). */
@ConfigMapping(prefix = "murmur.trends")
public interface TrendConfig {

    /**
     * murmur.trends.enabled: whether this instance runs the detector (drives mp.messaging.incoming.trend-posts.enabled).
     * Its default comes from murmur.role: on in the roles all and worker, off in api.
     */
    @WithDefault("true")
    boolean enabled();

    /** murmur.trends.bucket: length of a counting bucket. */
    @WithDefault("PT15M")
    Duration bucket();

    /** murmur.trends.baseline-buckets: W, the buckets whose mean is a tag's baseline. */
    @WithDefault("12")
    int baselineBuckets();

    /** murmur.trends.expected-floor: the least baseline E any tag has. */
    @WithDefault("2.0")
    double expectedFloor();

    /** murmur.trends.threshold: z = (O - E) / sqrt(E) at which a tag starts trending. */
    @WithDefault("8.0")
    double threshold();

    /** murmur.trends.min-accounts: unique eligible accounts a bucket needs before a tag can trend. */
    @WithDefault("10")
    int minAccounts();

    /** murmur.trends.stop-score: a trend ends after a complete bucket scoring below this. */
    @WithDefault("1.0")
    double stopScore();

    /** murmur.trends.lateness: how long after its end a bucket still takes late events before it is scored as complete. */
    @WithDefault("PT1M")
    Duration lateness();

    /** murmur.trends.min-account-age: accounts younger than this at the time of the post do not count. */
    @WithDefault("PT72H")
    Duration minAccountAge();

    /** murmur.trends.lookback-buckets: how far before detection the cascade is kept for attribution. */
    @WithDefault("12")
    int lookbackBuckets();

    /** murmur.trends.originators: K, the earliest accounts that share the originator part. */
    @WithDefault("10")
    int originators();

    /** murmur.trends.originator-bps: the originators' part of a trend, in basis points (the rest goes to amplifiers). */
    @WithDefault("7000")
    int originatorBps();

    /** murmur.trends.cap-bps: the most one account can get from one trend, in basis points. */
    @WithDefault("2500")
    int capBps();

    /** murmur.trends.pool-per-period: the most trend credits awarded in one reward period. */
    @WithDefault("10000")
    long poolPerPeriod();

    /** murmur.trends.credits-per-score: a trend awards floor(peak score x this) credits, within what is left of the pool. */
    @WithDefault("100")
    long creditsPerScore();

    default TrendRules rules() {
        return new TrendRules(bucket().toMillis(), baselineBuckets(), expectedFloor(), threshold(), minAccounts(), stopScore(),
                lateness().toMillis(), minAccountAge().toMillis(), lookbackBuckets(), originators(), originatorBps(), capBps());
    }
}
