package dev.murmur.payout;

import io.quarkus.test.Mock;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.List;
import java.util.function.Consumer;

/**
 * The tests' payout checkpoints: tests kill a batch at the two places that matter (inside the
 * transaction after writing; after commit before the offset commit), and the pipeline benchmark sees
 * when each batch committed. They do nothing unless a test sets them. One instance for the whole
 * application, replacing {@link PayoutCheckpoints} in every test.
 */
@Mock
@ApplicationScoped
public class PayoutHooks extends PayoutCheckpoints {

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
