package dev.murmur.notification.service;

import dev.murmur.outbox.ConsumerRetry;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.ArrayList;
import java.util.List;

/**
 * The notifications' Kafka side: consumer group {@code murmur-notifications} on the engagements,
 * posts, social, tips and settlements topics, in batches, as the trend detector and the payout
 * worker consume. A batch is acknowledged (and its offsets committed) only after its transaction
 * committed; a failed batch is retried ({@link ConsumerRetry}, loop {@code notifications}), and the
 * event-id dedupe makes the retry harmless.
 */
@ApplicationScoped
public class NotificationConsumer {

    /** The channel name, shared with application.properties and tests. */
    public static final String CHANNEL = "notifications";

    private final NotificationApplier applier;
    private final NotificationCheckpoints checkpoints;
    private final ConsumerRetry retry;

    public NotificationConsumer(NotificationApplier applier, NotificationCheckpoints checkpoints, ConsumerRetry retry) {
        this.applier = applier;
        this.checkpoints = checkpoints;
        this.retry = retry;
    }

    @Incoming(CHANNEL)
    @Blocking
    public void consume(ConsumerRecords<String, String> batch) throws InterruptedException {
        List<ConsumerRecord<String, String>> records = new ArrayList<>(batch.count());
        batch.forEach(records::add);
        retry.untilApplied("notifications", () -> {
            applier.apply(records);
            checkpoints.committed(records);
        });
    }
}
