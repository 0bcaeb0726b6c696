package dev.murmur.common.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The chain options, spelled the same in every tool: {@code --rpc URL} (always needed) and
 * {@code --contract ADDR} (needed unless the tool learns the contract from the API).
 * Keys never come from options (they would land in shell history): each tool reads its own variable.
 */
public final class ChainOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--rpc", paramLabel = "URL", required = true, description = "JSON-RPC URL of the chain node.")
    String rpc;

    @Option(names = "--contract", paramLabel = "ADDR", description = "Address of the payout contract.")
    String contract;

    public String rpc() {
        return rpc;
    }

    /** The contract address, or a usage error (exit 2) when this command needs it and it was not given. */
    public String contract() {
        if (contract == null || contract.isBlank()) throw CommandLines.usage(spec, "Missing required option: '--contract=ADDR'");
        return contract;
    }

    public boolean hasContract() {
        return contract != null;
    }
}
