package dev.murmur.payout;

import dev.murmur.outbox.ConsumerRetry;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The payout worker's Kafka side: one consumer group on the engagements topic, in batches.
 *
 * <p>A batch is split by partition, and each partition's records are applied in their own database
 * transaction ({@link EngagementApplier}), the partitions in parallel (up to
 * {@code murmur.worker.apply-threads} at once). A batch smaller than
 * {@code murmur.worker.parallel-from} records is applied in one transaction. Events are keyed by creator, so partitions share no
 * reward-policy state, and the records of one partition are applied in order, by one transaction.
 * The batch is acknowledged only when this method returns, after every one of those transactions
 * committed, and the connector commits offsets only for acknowledged batches. If applying fails,
 * the whole batch is applied again until it succeeds ({@link ConsumerRetry}, loop {@code payout-worker}):
 * the events are deduped on their id in the applying transaction, so a retry (or a redelivery after
 * a crash) never counts anything twice.
 */
@ApplicationScoped
public class EngagementConsumer {

    /** The channel name, shared with application.properties and tests. */
    public static final String CHANNEL = "engagements";

    private final EngagementApplier applier;
    private final PayoutCheckpoints checkpoints;
    private final ConsumerRetry retry;
    private final ExecutorService pool;
    private final int parallelFrom;

    public EngagementConsumer(EngagementApplier applier, PayoutCheckpoints checkpoints, ConsumerRetry retry, WorkerConfig config) {
        this.applier = applier;
        this.checkpoints = checkpoints;
        this.retry = retry;
        this.parallelFrom = config.parallelFrom();
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(Math.max(1, config.applyThreads()), r -> {
            Thread t = new Thread(r, "payout-apply-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }

    @Incoming(CHANNEL)
    @Blocking
    public void consume(ConsumerRecords<String, String> batch) throws InterruptedException {
        List<ConsumerRecord<String, String>> records = new ArrayList<>(batch.count());
        batch.forEach(records::add);
        List<List<ConsumerRecord<String, String>>> parts = new ArrayList<>();
        if (records.size() < parallelFrom) {
            parts.add(records); // a small batch: one transaction costs less than one per partition
        } else {
            for (TopicPartition partition : batch.partitions()) {
                parts.add(batch.records(partition));
            }
        }
        retry.untilApplied("payout-worker", () -> {
            applyAll(parts);
            checkpoints.committed(records);
        });
    }

    /** Applies each partition's records in its own transaction; returns when all committed, throws if any failed. */
    private void applyAll(List<List<ConsumerRecord<String, String>>> parts) throws InterruptedException {
        if (parts.size() == 1) {
            applier.apply(parts.getFirst());
            return;
        }
        List<Future<EngagementApplier.Result>> running = new ArrayList<>(parts.size());
        for (List<ConsumerRecord<String, String>> part : parts) {
            running.add(pool.submit(() -> applier.apply(part)));
        }
        RuntimeException failure = null;
        for (Future<EngagementApplier.Result> f : running) {
            try {
                f.get(); // wait for every transaction, failed or not, before retrying any
            } catch (ExecutionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                if (failure == null) {
                    failure = cause;
                } else {
                    failure.addSuppressed(cause);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
