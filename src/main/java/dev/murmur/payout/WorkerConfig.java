package dev.murmur.payout;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The payout worker. */
@ConfigMapping(prefix = "murmur.worker")
public interface WorkerConfig {

    /**
     * murmur.worker.enabled: whether this instance consumes engagement events (it drives
     * mp.messaging.incoming.engagements.enabled). Its default comes from murmur.role: on in the
     * roles all and worker, off in api.
     */
    @WithDefault("true")
    boolean enabled();

    /**
     * murmur.worker.apply-threads: how many partitions of one Kafka batch are applied at once, each
     * in its own transaction (and database connection).
     */
    @WithDefault("4")
    int applyThreads();

    /**
     * murmur.worker.parallel-from: a batch of fewer records is applied in one transaction (under
     * steady load, batches are small and three commits cost more than one); from this size on, its
     * partitions are applied in parallel.
     */
    @WithDefault("2000")
    int parallelFrom();

    /**
     * murmur.worker.cached-creators: how many creators' reward-policy state each partition keeps in
     * memory (least recently used out first). An evicted creator's state is loaded again from its
     * credit lines when next met.
     */
    @WithDefault("20000")
    int cachedCreators();
}
