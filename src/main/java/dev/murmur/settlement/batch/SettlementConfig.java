package dev.murmur.settlement.batch;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Settlement batches (docs/settlement.md). Chain settings are under murmur.chain. */
@ConfigMapping(prefix = "murmur.settlement")
public interface SettlementConfig {

    /**
     * murmur.settlement.driver-enabled: run the background driver that moves batches to CONFIRMED and FINAL.
     * Its default comes from murmur.role: on in the roles all and api, off in worker.
     */
    @WithDefault("true")
    boolean driverEnabled();

    /** murmur.settlement.driver-interval: how often the driver looks at open batches. */
    @WithDefault("2s")
    String driverInterval();

    /**
     * murmur.settlement.replace-after: a settle transaction the node holds but has not mined after this
     * long is replaced at the same nonce with higher fees.
     */
    @WithDefault("PT3M")
    Duration replaceAfter();

    /** murmur.settlement.dev-funding: let operators deposit from the operator key through the API (dev chains). */
    @WithDefault("false")
    boolean devFunding();
}
