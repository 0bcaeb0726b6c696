package dev.murmur.period;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Reward periods. */
@ConfigMapping(prefix = "murmur.periods")
public interface PeriodConfig {

    /** murmur.periods.length: the scheduled length of a period; an operator closes it. */
    @WithDefault("P1D")
    Duration length();
}
