package dev.murmur.payout;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;

/**
 * The payout worker's Kafka side: one consumer group on the engagements topic, in batches.
 *
 * <p>Each batch is applied in one database transaction ({@link EngagementApplier}); the batch is
 * acknowledged only when this method returns, after that transaction committed, and the
 * connector commits offsets only for acknowledged batches. If applying fails, the same batch is
 * retried here until it succeeds: the events are deduped on their id in the applying
 * transaction, so a retry (or a redelivery after a crash) never counts anything twice.
 */
@ApplicationScoped
public class EngagementConsumer {

    /** The channel name, shared with application.properties and tests. */
    public static final String CHANNEL = "engagements";

    private static final Logger LOG = Logger.getLogger(EngagementConsumer.class);

    private final EngagementApplier applier;
    private final PayoutHooks hooks;

    public EngagementConsumer(EngagementApplier applier, PayoutHooks hooks) {
        this.applier = applier;
        this.hooks = hooks;
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
                hooks.runAfterCommit(records);
                return;
            } catch (RuntimeException e) {
                LOG.warnf("Applying a batch of %d engagement events failed; retrying in %d ms: %s",
                        records.size(), backoff, e.toString());
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }
}
