package dev.murmur.like.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How likes are committed together (LikeCommits, decision 1174). */
@ConfigMapping(prefix = "murmur.likes")
public interface LikeConfig {

    /**
     * murmur.likes.writers: threads that each commit one batch at a time; while a batch commits, the
     * likes that arrive gather for the next. One makes the largest batches: at 16 clients in the API
     * benchmark one writer committed 3,059 likes/s and two 2,086 (decision 1174), since two split the
     * same likes into twice the commits. More than one only shortens a stall behind a slow batch.
     */
    @WithDefault("1")
    int writers();

    /** murmur.likes.batch-size: most likes one transaction commits. */
    @WithDefault("256")
    int batchSize();

    /** murmur.likes.queue-capacity: most likes waiting for a writer; past it a like is answered 503 database-busy. */
    @WithDefault("10000")
    int queueCapacity();

    /**
     * murmur.likes.await: how long a request waits for its like's commit before it answers 503. The like
     * may still commit after; a retry finds it there (a like is idempotent).
     */
    @WithDefault("10s")
    Duration await();
}
