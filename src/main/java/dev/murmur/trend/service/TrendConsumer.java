package dev.murmur.trend.service;

import dev.murmur.outbox.ConsumerRetry;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.ArrayList;
import java.util.List;

/**
 * The trend detector's Kafka side: consumer group {@code murmur-trends} on the posts topic, in
 * batches. A batch is acknowledged (and its offsets committed) only after its transaction
 * committed; a failed batch is retried ({@link ConsumerRetry}, loop {@code trend-detector}), and the
 * event-id dedupe makes the retry harmless.
 */
@ApplicationScoped
public class TrendConsumer {

    /** The channel name, shared with application.properties and tests. */
    public static final String CHANNEL = "trend-posts";

    private final TrendApplier applier;
    private final ConsumerRetry retry;

    public TrendConsumer(TrendApplier applier, ConsumerRetry retry) {
        this.applier = applier;
        this.retry = retry;
    }

    @Incoming(CHANNEL)
    @Blocking
    public void consume(ConsumerRecords<String, String> batch) throws InterruptedException {
        List<ConsumerRecord<String, String>> records = new ArrayList<>(batch.count());
        batch.forEach(records::add);
        retry.untilApplied("trend-detector", () -> applier.apply(records));
    }
}
