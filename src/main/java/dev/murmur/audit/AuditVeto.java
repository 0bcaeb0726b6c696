package dev.murmur.audit;

import dev.murmur.chain.ChainClient;
import dev.murmur.chain.Web3jChainClient;

import dev.murmur.common.cli.ChainOptions;
import dev.murmur.common.cli.CommandLines;
import dev.murmur.common.cli.MurmurVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code ./murmur audit veto N --rpc URL --contract ADDR}: the auditor's veto, from the auditor's own
 * machine with the auditor's own key ({@code MURMUR_AUDITOR_KEY}). The key signs here and nowhere on
 * Murmur's servers (decision 0612). Before sending, it reads the batch and says why the contract would
 * refuse (never settled, already vetoed, window closed), so a refused veto costs no gas.
 */
@Command(name = "veto", mixinStandardHelpOptions = true, versionProvider = MurmurVersion.class,
        description = "Veto chain batch N inside its challenge window, signed with the auditor's own key in $" + AuditVeto.KEY_VARIABLE + " "
                + "(never an argument); Murmur's servers hold no auditor key (docs/audit.md).")
final class AuditVeto implements Callable<Integer> {

    /** The environment variable that holds the auditor's hex private key. */
    static final String KEY_VARIABLE = "MURMUR_AUDITOR_KEY";

    @Spec
    CommandSpec spec;

    @ParentCommand
    AuditCli parent;

    @Parameters(index = "0", paramLabel = "N", description = "Chain batch id.")
    String batch;

    @Mixin
    ChainOptions chainOptions;

    @Override
    public Integer call() {
        long n = AuditCli.batchId(spec, batch);
        String contract = chainOptions.contract();
        String key = parent.env.get(KEY_VARIABLE);
        if (key == null || key.isBlank()) {
            throw CommandLines.usage(spec, KEY_VARIABLE + " must hold the auditor's private key (hex)");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (Web3jChainClient chain = new Web3jChainClient(new Web3jChainClient.Settings(chainOptions.rpc(), contract,
                key.strip(), Duration.ofMillis(200), Duration.ofSeconds(120), 0))) {
            ChainClient.Batch batch = chain.batch(n);
            if (!batch.exists()) {
                err.println("audit: chain batch " + n + " is not settled on " + chain.payoutsAddress());
                return CommandLines.REFUSED;
            }
            if (batch.vetoed()) {
                err.println("audit: chain batch " + n + " is already vetoed");
                return CommandLines.REFUSED;
            }
            long now = chain.latestBlockTimestamp();
            if (batch.claimableAt() <= now) {
                err.println("audit: chain batch " + n + " became claimable at " + batch.claimableAt() + " (chain time " + now
                        + "); its challenge window has closed");
                return CommandLines.REFUSED;
            }
            ChainClient.Receipt receipt = chain.veto(n);
            if (!receipt.success()) {
                err.println("audit: the veto of chain batch " + n + " from " + chain.operatorAddress() + " reverted in "
                        + receipt.transactionHash() + ": " + receipt.revertReason());
                return CommandLines.REFUSED;
            }
            out.println("vetoed chain batch " + n + " from " + chain.operatorAddress() + ": transaction " + receipt.transactionHash()
                    + " in block " + receipt.blockNumber());
            return CommandLines.OK;
        }
    }
}
