package dev.murmur.settlement.settler;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The settler lease (decision 0611, docs/operations.md "The settler"). */
@ConfigMapping(prefix = "murmur.settler")
public interface SettlerConfig {

    /**
     * murmur.settler.lease-ttl: how long the lease lasts without a renewal. The holder renews it on every
     * driver and listener tick, so this must be several ticks long; a settler that dies without releasing
     * it is replaced after at most this long.
     */
    @WithDefault("PT30S")
    Duration leaseTtl();
}
