package dev.murmur.audit;

import dev.murmur.chain.ChainClient;
import dev.murmur.chain.Web3jChainClient;

import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code ./murmur audit veto N --rpc URL --contract ADDR}: the auditor's veto, from the auditor's own
 * machine with the auditor's own key ({@code MURMUR_AUDITOR_KEY}). The key signs here and nowhere on
 * Murmur's servers (decision 0612). Before sending, it reads the batch and says why the contract would
 * refuse (never settled, already vetoed, window closed), so a refused veto costs no gas.
 */
final class AuditVeto {

    /** The environment variable that holds the auditor's hex private key. */
    static final String KEY_VARIABLE = "MURMUR_AUDITOR_KEY";

    private AuditVeto() {
    }

    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        Map<String, String> opts = new HashMap<>();
        long n;
        String key;
        try {
            if (args.length < 2) {
                throw new IllegalArgumentException("usage: audit veto N --rpc URL --contract ADDR   (signs with " + KEY_VARIABLE + ")");
            }
            if (!args[1].matches("\\d{1,18}")) throw new IllegalArgumentException("the batch id must be a number, not '" + args[1] + "'");
            n = Long.parseLong(args[1]);
            for (int i = 2; i < args.length; i++) {
                switch (args[i]) {
                    case "--rpc", "--contract" -> {
                        if (i + 1 >= args.length) throw new IllegalArgumentException(args[i] + " needs a value");
                        opts.put(args[i], args[++i]);
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + (args[i].contains("key") ? " (the key comes from " + KEY_VARIABLE + ", never from an argument)" : ""));
                }
            }
            for (String required : new String[] {"--rpc", "--contract"}) {
                if (!opts.containsKey(required)) throw new IllegalArgumentException(required + " is required");
            }
            if (n < 1) throw new IllegalArgumentException("batch ids start at 1");
            key = env.get(KEY_VARIABLE);
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException(KEY_VARIABLE + " must hold the auditor's private key (hex)");
            }
        } catch (IllegalArgumentException e) {
            err.println("audit: " + e.getMessage());
            return 2;
        }
        try (Web3jChainClient chain = new Web3jChainClient(new Web3jChainClient.Settings(opts.get("--rpc"), opts.get("--contract"),
                key.strip(), Duration.ofMillis(200), Duration.ofSeconds(120), 0))) {
            ChainClient.Batch batch = chain.batch(n);
            if (!batch.exists()) {
                err.println("audit: chain batch " + n + " is not settled on " + chain.payoutsAddress());
                return 1;
            }
            if (batch.vetoed()) {
                err.println("audit: chain batch " + n + " is already vetoed");
                return 1;
            }
            long now = chain.latestBlockTimestamp();
            if (batch.claimableAt() <= now) {
                err.println("audit: chain batch " + n + " became claimable at " + batch.claimableAt() + " (chain time " + now
                        + "); its challenge window has closed");
                return 1;
            }
            ChainClient.Receipt receipt = chain.veto(n);
            if (!receipt.success()) {
                err.println("audit: the veto of chain batch " + n + " from " + chain.operatorAddress() + " reverted in "
                        + receipt.transactionHash() + ": " + receipt.revertReason());
                return 1;
            }
            out.println("vetoed chain batch " + n + " from " + chain.operatorAddress() + ": transaction " + receipt.transactionHash()
                    + " in block " + receipt.blockNumber());
            return 0;
        } catch (RuntimeException e) {
            err.println("audit: " + e.getMessage());
            return 2;
        }
    }
}
