package dev.murmur.payout;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.List;
import java.util.function.Consumer;

/**
 * Fault-injection and observation points in the payout worker, so tests can kill a batch at the
 * two places that matter (inside the transaction after writing; after commit before the offset
 * commit), and the pipeline benchmark can see when each batch committed. They do nothing unless a
 * test sets them.
 */
@ApplicationScoped
public class PayoutHooks {

    private static final Consumer<List<ConsumerRecord<String, String>>> NOTHING = records -> { };

    private volatile Runnable afterWrite = () -> { };
    private volatile Consumer<List<ConsumerRecord<String, String>>> afterCommit = NOTHING;

    public void afterWrite(Runnable hook) {
        this.afterWrite = hook;
    }

    public void afterCommit(Runnable hook) {
        this.afterCommit = records -> hook.run();
    }

    /** Called with each batch right after its transaction committed (before its offsets are). */
    public void afterCommitOf(Consumer<List<ConsumerRecord<String, String>>> hook) {
        this.afterCommit = hook;
    }

    void runAfterWrite() {
        afterWrite.run();
    }

    void runAfterCommit(List<ConsumerRecord<String, String>> records) {
        afterCommit.accept(records);
    }

    public void reset() {
        afterWrite = () -> { };
        afterCommit = NOTHING;
    }
}
