package dev.murmur.settlement.claim;

import dev.murmur.chain.ChainClient;
import dev.murmur.settlement.settler.SettlerLease;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import dev.murmur.common.LoopGuard;

/**
 * Polls the application's payout contract in the background, in the settler while it holds the settler
 * lease; each poll is restart-safe on its own.
 * A failed tick is LoopGuard's: logged once, counted, readiness DOWN if it repeats.
 */
@ApplicationScoped
public class ChainListenerDriver {

    /** This loop's name in LoopGuard's logs, metric and readiness check. */
    public static final String LOOP = "chain-listener";

    private final ChainListener listener;
    private final Instance<ChainClient> chain;
    private final ListenerConfig config;
    private final LoopGuard guard;
    private final SettlerLease lease;

    public ChainListenerDriver(ChainListener listener, Instance<ChainClient> chain, ListenerConfig config, LoopGuard guard,
                               SettlerLease lease) {
        this.listener = listener;
        this.chain = chain;
        this.config = config;
        this.guard = guard;
        this.lease = lease;
    }

    @Scheduled(every = "${murmur.listener.interval:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        if (!config.enabled()) {
            return;
        }
        guard.run(LOOP, () -> {
            if (!lease.holds()) {
                return;
            }
            ChainListener.Poll poll;
            int rounds = 0;
            do {
                poll = listener.poll(chain.get());
            } while (poll.toBlock() >= poll.fromBlock() && poll.note() == null && ++rounds < 50 && poll.applied() >= 0
                    && poll.toBlock() - poll.fromBlock() + 1 >= listener.blockRange(chain.get())); // a full range: more may follow
        });
    }
}
