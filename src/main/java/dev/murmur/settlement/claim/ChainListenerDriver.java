package dev.murmur.settlement.claim;

import dev.murmur.chain.ChainClient;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

/** Polls the application's payout contract in the background; each poll is restart-safe on its own. */
@ApplicationScoped
public class ChainListenerDriver {

    private static final Logger LOG = Logger.getLogger(ChainListenerDriver.class);

    private final ChainListener listener;
    private final Instance<ChainClient> chain;
    private final ListenerConfig config;

    public ChainListenerDriver(ChainListener listener, Instance<ChainClient> chain, ListenerConfig config) {
        this.listener = listener;
        this.chain = chain;
        this.config = config;
    }

    @Scheduled(every = "${murmur.listener.interval:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        if (!config.enabled()) {
            return;
        }
        try {
            ChainListener.Poll poll;
            int rounds = 0;
            do {
                poll = listener.poll(chain.get());
            } while (poll.toBlock() >= poll.fromBlock() && poll.note() == null && ++rounds < 50 && poll.applied() >= 0
                    && poll.toBlock() - poll.fromBlock() + 1 >= listener.blockRange(chain.get())); // a full range: more may follow
        } catch (RuntimeException e) {
            LOG.warnf("chain listener: %s", e.getMessage());
        }
    }
}
