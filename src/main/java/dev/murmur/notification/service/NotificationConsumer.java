package dev.murmur.notification.service;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;

/**
 * The notifications' Kafka side: consumer group {@code murmur-notifications} on the engagements,
 * posts, social, tips and settlements topics, in batches, as the trend detector and the payout
 * worker consume. A batch is acknowledged (and its offsets committed) only after its transaction
 * committed; a failed batch is retried, and the event-id dedupe makes the retry harmless.
 */
@ApplicationScoped
public class NotificationConsumer {

    /** The channel name, shared with application.properties and tests. */
    public static final String CHANNEL = "notifications";

    private static final Logger LOG = Logger.getLogger(NotificationConsumer.class);

    private final NotificationApplier applier;
    private final NotificationHooks hooks;

    public NotificationConsumer(NotificationApplier applier, NotificationHooks hooks) {
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
                hooks.runAfterCommit();
                return;
            } catch (RuntimeException e) {
                LOG.warnf("Applying a batch of %d events to the notifications failed; retrying in %d ms: %s",
                        records.size(), backoff, e.toString());
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }
}
