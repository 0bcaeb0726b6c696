package dev.murmur.payout;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.List;

/**
 * The two moments of a payout batch that matter for exactly-once: its rows are written (inside the
 * transaction), and its transaction committed (before its offsets are). Nothing happens at them in
 * production; a test alternative (src/test {@code PayoutHooks}) crashes or observes the worker there.
 */
@ApplicationScoped
public class PayoutCheckpoints {

    /** Inside the applying transaction, after every write of the batch. */
    void written() {
        // nothing to do in production
    }

    /** After the batch's transactions committed, before its offsets are committed. */
    void committed(List<ConsumerRecord<String, String>> records) {
        // nothing to do in production
    }
}
