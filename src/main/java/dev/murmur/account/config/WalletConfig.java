package dev.murmur.account.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Wallet proofs (docs/settlement.md, "Wallets"). */
@ConfigMapping(prefix = "murmur.wallets")
public interface WalletConfig {

    /** murmur.wallets.domain: the domain named in the first line of the message to sign (EIP-4361). */
    @WithDefault("murmur.dev")
    String domain();

    /** murmur.wallets.uri: the URI line of the message. */
    @WithDefault("https://murmur.dev")
    String uri();

    /** murmur.wallets.challenge-ttl: how long a challenge can be signed and used. */
    @WithDefault("PT10M")
    Duration challengeTtl();
}
