package dev.murmur.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The outbox relay. */
@ConfigMapping(prefix = "murmur.outbox")
public interface OutboxConfig {

    /** murmur.outbox.relay-enabled: whether this instance runs a relay (several may). On in every murmur.role. */
    @WithDefault("true")
    boolean relayEnabled();

    /** murmur.outbox.poll-interval: how long an idle relay sleeps before it looks for new rows again. */
    @WithDefault("0.1s")
    Duration pollInterval();

    /** murmur.outbox.batch-size: most rows one relay pass claims and publishes. */
    @WithDefault("500")
    int batchSize();

    /** murmur.outbox.send-timeout: how long a pass waits for broker acks before giving up and retrying. */
    @WithDefault("PT10S")
    Duration sendTimeout();

    /** murmur.outbox.source: the CloudEvents source attribute. */
    @WithDefault("/murmur")
    String source();

    /**
     * murmur.outbox.retention: how long a published event's row stays in the outbox, for operators to
     * look up what went out, before OutboxPruner deletes it (decision 1175).
     */
    @WithDefault("P7D")
    Duration retention();

    /**
     * murmur.outbox.prune-interval: how often OutboxPruner runs, a duration or {@code off}; its
     * {@code @Scheduled} reads it, and it is text here because a Duration cannot be {@code off}.
     */
    @WithDefault("1m")
    String pruneInterval();

    /** murmur.outbox.prune-batch: the oldest rows one pruning pass looks at, and so the most it deletes. */
    @WithDefault("5000")
    int pruneBatch();

    /** murmur.outbox.partitions: partitions for topics the app creates at start (existing topics are left alone). */
    @WithDefault("3")
    int partitions();
}
