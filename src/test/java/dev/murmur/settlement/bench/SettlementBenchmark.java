package dev.murmur.settlement.bench;

import dev.murmur.chain.ChainClient;
import dev.murmur.chain.DevChain;
import dev.murmur.chain.Web3jChainClient;
import dev.murmur.settlement.merkle.StandardMerkleTree;
import dev.murmur.testing.AnvilProcess;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * {@code ./murmur bench settlement}: the Java StandardMerkleTree with every proof for 1,000,000
 * creators, and the gas of settle and claim on a throwaway anvil, sent through the same
 * {@link Web3jChainClient} the app uses. Gas figures are whole-transaction {@code gasUsed}.
 * The last line is machine-readable (docs/benchmarks.md).
 */
public final class SettlementBenchmark {

    private static final String OPERATOR_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    private static final String AUDITOR_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
    private static final String ZERO_HASH = "0x" + "00".repeat(32);

    private SettlementBenchmark() {
    }

    public static void main(String[] args) {
        int creators = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        SplittableRandom random = new SplittableRandom(42);

        // 1. Tree and proofs.
        List<StandardMerkleTree.Leaf> leaves = leaves(creators, 1_000, random);
        StandardMerkleTree.of(leaves.subList(0, Math.min(10_000, creators))); // warm-up
        long t0 = System.nanoTime();
        StandardMerkleTree tree = StandardMerkleTree.of(leaves);
        long treeMs = (System.nanoTime() - t0) / 1_000_000;
        long t1 = System.nanoTime();
        long siblings = 0;
        for (int i = 0; i < creators; i++) {
            siblings += tree.proof(i).size();
        }
        long proofsMs = (System.nanoTime() - t1) / 1_000_000;
        System.out.printf("tree: %,d creators in %,d ms (root %s); %,d proofs (%,d siblings) in %,d ms%n",
                creators, treeMs, tree.rootHex(), creators, siblings, proofsMs);
        leaves = null;
        tree = null;

        // 2. Gas, on a throwaway anvil.
        try (AnvilProcess anvil = AnvilProcess.start()) {
            DevChain.Deployment d = DevChain.deploy(anvil.url(), OPERATOR_KEY, AUDITOR_KEY, Duration.ZERO);
            try (Web3jChainClient chain = new Web3jChainClient(new Web3jChainClient.Settings(anvil.url(), d.payouts(), OPERATOR_KEY,
                    AUDITOR_KEY, Duration.ofMillis(20), Duration.ofSeconds(60), 150_000))) {
                require(chain.deposit(BigInteger.TEN.pow(12)), "deposit");
                long batch = 0;
                BigInteger total = BigInteger.ZERO;
                // The first settle writes the packed slot for the first time; it is not what we measure.
                StandardMerkleTree first = StandardMerkleTree.of(leaves(1, 1, random));
                total = sum(first);
                settle(chain, ++batch, first, total);
                long[] settleGas = new long[3];
                int[] sizes = {10, 1_000, 100_000};
                StandardMerkleTree last = null;
                List<StandardMerkleTree.Leaf> lastLeaves = null;
                for (int i = 0; i < sizes.length; i++) {
                    lastLeaves = leaves(sizes[i], 1_000, random);
                    last = StandardMerkleTree.of(lastLeaves);
                    total = total.max(sum(last));
                    settleGas[i] = settle(chain, ++batch, last, total).gasUsed();
                    System.out.printf("settle batch %d, %,d creators: %,d gas%n", batch, sizes[i], settleGas[i]);
                }
                // First claim of an account against the 100,000-creator tree.
                int who = 4_242;
                StandardMerkleTree.Leaf leaf = lastLeaves.get(who);
                ChainClient.Receipt firstClaim = require(chain.claim(leaf.account(), leaf.amount(), last.proofHex(who)), "first claim");
                // A new 100,000-creator batch in which that account earned more; it claims again.
                List<StandardMerkleTree.Leaf> grown = new ArrayList<>(lastLeaves);
                grown.set(who, new StandardMerkleTree.Leaf(leaf.account(), leaf.amount().add(BigInteger.valueOf(1_000))));
                StandardMerkleTree next = StandardMerkleTree.of(grown);
                total = total.max(sum(next));
                settle(chain, ++batch, next, total);
                ChainClient.Receipt repeat = require(chain.claim(leaf.account(), grown.get(who).amount(), next.proofHex(who)), "repeat claim");
                System.out.printf("claim against the 100,000-creator tree (%d-hash proof): first %,d gas, repeat %,d gas%n",
                        last.proof(who).size(), firstClaim.gasUsed(), repeat.gasUsed());
                System.out.printf("settlement creators=%d tree_ms=%d proofs_ms=%d settle_gas_10=%d settle_gas_1000=%d settle_gas_100000=%d"
                                + " claim_gas_first=%d claim_gas_repeat=%d%n", creators, treeMs, proofsMs, settleGas[0], settleGas[1],
                        settleGas[2], firstClaim.gasUsed(), repeat.gasUsed());
            }
        }
    }

    private static List<StandardMerkleTree.Leaf> leaves(int n, long maxAmount, SplittableRandom random) {
        List<StandardMerkleTree.Leaf> leaves = new ArrayList<>(n);
        byte[] address = new byte[20];
        for (int i = 0; i < n; i++) {
            random.nextBytes(address);
            leaves.add(new StandardMerkleTree.Leaf("0x" + java.util.HexFormat.of().formatHex(address),
                    BigInteger.valueOf(1 + random.nextLong(maxAmount))));
        }
        return leaves;
    }

    private static BigInteger sum(StandardMerkleTree tree) {
        return tree.values().stream().map(StandardMerkleTree.Leaf::amount).reduce(BigInteger.ZERO, BigInteger::add);
    }

    /** Signs, sends and waits for a settle, as the batch service does. */
    private static ChainClient.Receipt settle(ChainClient chain, long batchId, StandardMerkleTree tree, BigInteger total) {
        ChainClient.SignedTransaction tx = chain.signSettle(batchId, tree.rootHex(), total, ZERO_HASH.replace("00", "11"),
                chain.pendingNonce(), Optional.empty());
        chain.sendRaw(tx.raw());
        for (int i = 0; i < 3_000; i++) {
            Optional<ChainClient.Receipt> r = chain.receipt(tx.hash());
            if (r.isPresent()) {
                return require(r.get(), "settle " + batchId);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("no receipt for settle " + batchId);
    }

    private static ChainClient.Receipt require(ChainClient.Receipt r, String what) {
        if (!r.success()) {
            throw new IllegalStateException(what + " reverted: " + r.revertReason());
        }
        return r;
    }
}
