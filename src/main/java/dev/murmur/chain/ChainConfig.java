package dev.murmur.chain;

import io.smallrye.config.ConfigMapping;

import java.util.Optional;

@ConfigMapping(prefix = "murmur.chain")
public interface ChainConfig {

    /** murmur.chain.rpc-url: JSON-RPC endpoint of the EVM node (anvil locally). */
    Optional<String> rpcUrl();
}
