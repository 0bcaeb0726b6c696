package dev.murmur.trend.service;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;

/**
 * The trend detector's Kafka side: consumer group {@code murmur-trends} on the posts topic, in
 * batches. A batch is acknowledged (and its offsets committed) only after its transaction
 * committed; a failed batch is retried, and the event-id dedupe makes the retry harmless.
 */
@ApplicationScoped
public class TrendConsumer {

    /** The channel name, shared with application.properties and tests. */
    public static final String CHANNEL = "trend-posts";

    private static final Logger LOG = Logger.getLogger(TrendConsumer.class);

    private final TrendApplier applier;

    public TrendConsumer(TrendApplier applier) {
        this.applier = applier;
    }

    @Incoming(CHANNEL)
    @Blocking
    public void consume(ConsumerRecords<String, String> batch) throws InterruptedException {
        List<ConsumerRecord<String, String>> records = new ArrayList<>(batch.count());
        batch.forEach(records::add);
        long backoff = 50;
        while (true) {
            try {
                applier.apply(records);
                return;
            } catch (RuntimeException e) {
                LOG.warnf("Applying a batch of %d post events to the trend detector failed; retrying in %d ms: %s",
                        records.size(), backoff, e.toString());
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }
}
