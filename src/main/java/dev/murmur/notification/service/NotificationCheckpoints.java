package dev.murmur.notification.service;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.List;

/**
 * The two moments of a notification batch that matter for exactly-once: its rows are written
 * (inside the transaction), and its transaction committed (before its offsets are). Nothing happens
 * at them in production; a test alternative (src/test {@code NotificationHooks}) crashes the consumer there,
 * and the pipeline benchmark sees there when each batch committed.
 */
@ApplicationScoped
public class NotificationCheckpoints {

    /** Inside the applying transaction, after every write of the batch. */
    void written() {
        // nothing to do in production
    }

    /** After the batch's transaction committed, before its offsets are committed. */
    void committed(List<ConsumerRecord<String, String>> records) {
        // nothing to do in production
    }
}
