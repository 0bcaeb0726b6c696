package dev.murmur.settlement.claim;

import dev.murmur.chain.ChainClient;
import dev.murmur.settlement.settler.SettlerLease;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

/**
 * Polls the application's payout contract in the background, in the settler while it holds the settler
 * lease; each poll is restart-safe on its own.
 */
@ApplicationScoped
public class ChainListenerDriver {

    private static final Logger LOG = Logger.getLogger(ChainListenerDriver.class);

    private final ChainListener listener;
    private final Instance<ChainClient> chain;
    private final ListenerConfig config;
    private final SettlerLease lease;

    public ChainListenerDriver(ChainListener listener, Instance<ChainClient> chain, ListenerConfig config, SettlerLease lease) {
        this.listener = listener;
        this.chain = chain;
        this.config = config;
        this.lease = lease;
    }

    @Scheduled(every = "${murmur.listener.interval:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        if (!config.enabled()) {
            return;
        }
        try {
            if (!lease.holds()) {
                return;
            }
            ChainListener.Poll poll;
            int rounds = 0;
            do {
                poll = listener.poll(chain.get());
            } while (poll.toBlock() >= poll.fromBlock() && poll.note() == null && ++rounds < 50 && poll.applied() >= 0
                    && poll.toBlock() - poll.fromBlock() + 1 >= config.blockRange());
        } catch (RuntimeException e) {
            LOG.warnf("chain listener: %s", e.getMessage());
        }
    }
}
