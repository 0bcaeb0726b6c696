package dev.murmur.audit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/** The public batch pages (docs/audit.md, "In the browser"). */
@ConfigMapping(prefix = "murmur.transparency")
public interface TransparencyConfig {

    /** murmur.transparency.base-url: the public address of this Murmur, for manifest links in the audit commands. */
    @WithDefault("${murmur.wallets.uri:https://murmur.dev}")
    String baseUrl();

    /**
     * murmur.transparency.rpc-url: a public JSON-RPC endpoint auditors can use, shown in the audit command.
     * Unset: the command shows a placeholder (Murmur's own node address is not published).
     */
    Optional<String> rpcUrl();
}
