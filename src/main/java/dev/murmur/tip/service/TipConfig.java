package dev.murmur.tip.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.math.BigDecimal;

@ConfigMapping(prefix = "murmur.tips")
public interface TipConfig {

    /** murmur.tips.fee-bps: the platform's fee in basis points of each tip (0 = the creator gets all of it). */
    @WithDefault("0")
    int feeBps();

    /** murmur.tips.token-decimals: decimals of the payout token (the dev token has 6). */
    @WithDefault("6")
    int tokenDecimals();

    /** murmur.tips.min-amount: the smallest tip, in token units. */
    @WithDefault("0.01")
    BigDecimal minAmount();

    /** murmur.tips.max-amount: the largest single tip, in token units. */
    @WithDefault("10000")
    BigDecimal maxAmount();

    /** murmur.tips.max-message: longest tip message, in user-perceived characters. */
    @WithDefault("140")
    int maxMessage();
}
