package dev.murmur.notification.service;

import io.quarkus.test.Mock;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.List;
import java.util.function.Consumer;

/**
 * The tests' notification checkpoints: crash the consumer inside the transaction after the writes,
 * or after the commit before the offsets are committed (the batch then comes again and is deduped);
 * the pipeline benchmark sees when each batch committed. They do nothing unless a test sets them.
 */
@Mock
@ApplicationScoped
public class NotificationHooks extends NotificationCheckpoints {

    private volatile Runnable afterWrite = () -> { };
    private static final Consumer<List<ConsumerRecord<String, String>>> NOTHING = records -> { };

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

    @Override
    void written() {
        afterWrite.run();
    }

    @Override
    void committed(List<ConsumerRecord<String, String>> records) {
        afterCommit.accept(records);
    }

    public void reset() {
        afterWrite = () -> { };
        afterCommit = NOTHING;
    }
}
