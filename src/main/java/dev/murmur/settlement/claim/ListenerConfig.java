package dev.murmur.settlement.claim;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The chain listener (docs/settlement.md, "Claims and the chain listener"). */
@ConfigMapping(prefix = "murmur.listener")
public interface ListenerConfig {

    /**
     * murmur.listener.enabled: follow the payout contract's logs in the background. Its default comes
     * from murmur.role: on in the roles all and api, off in worker.
     */
    @WithDefault("true")
    boolean enabled();

    /** murmur.listener.interval: how often the listener polls. */
    @WithDefault("2s")
    String interval();

    /**
     * murmur.listener.confirmations: blocks that must sit on top of a block before its logs are applied
     * (the listener reads up to head - confirmations). 0 on dev chains.
     */
    @WithDefault("3")
    int confirmations();

    /** murmur.listener.block-range: the most blocks one eth_getLogs call covers. */
    @WithDefault("2000")
    int blockRange();

    /** murmur.listener.start-block: where a listener without a cursor starts (the contract's deployment block). */
    @WithDefault("0")
    long startBlock();

    /** murmur.listener.checkpoints: how many recent cursors are kept to find the common ancestor after a reorg. */
    @WithDefault("256")
    int checkpoints();
}
