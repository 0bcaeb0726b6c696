package dev.murmur.bench.settlement;

import dev.murmur.chain.ChainClient;
import dev.murmur.chain.DevChain;
import dev.murmur.chain.Web3jChainClient;
import dev.murmur.settlement.merkle.StandardMerkleTree;
import dev.murmur.testing.AnvilProcess;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.methods.response.Transaction;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * {@code ./murmur bench settlement}: the Java StandardMerkleTree with every proof for 1,000,000
 * creators, and the gas of settle and claim on a throwaway anvil, sent through the same
 * {@link Web3jChainClient} the app uses. Each transaction's gas is printed whole ({@code gasUsed}) and split
 * into intrinsic gas and execution gas ({@link GasSplit}); the budgets of issue #4 cap execution gas
 * (docs/decisions/0202-gas-budgets-are-execution-gas.md). The last line is machine-readable and carries
 * execution gas (docs/benchmarks.md).
 */
public final class SettlementBenchmark {

    private static final String OPERATOR_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    /** anvil account 1: the auditor, by address only (decision 0612). */
    private static final String AUDITOR_ADDRESS = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    private static final String ZERO_HASH = "0x" + "00".repeat(32);
    /** The execution-gas budgets of issue #4, as asserted in contracts/test/MurmurPayouts.gas.t.sol. */
    private static final long SETTLE_BUDGET = 60_000;
    private static final long CLAIM_FIRST_BUDGET = 85_000;
    private static final long CLAIM_AGAIN_BUDGET = 60_000;

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
            DevChain.Deployment d = DevChain.deploy(anvil.url(), OPERATOR_KEY, AUDITOR_ADDRESS, Duration.ZERO);
            Web3j web3j = Web3j.build(new HttpService(anvil.url())); // reads the mined transactions' input back
            try (Web3jChainClient chain = new Web3jChainClient(new Web3jChainClient.Settings(anvil.url(), d.payouts(), OPERATOR_KEY,
                    Duration.ofMillis(20), Duration.ofSeconds(60), 150_000))) {
                require(chain.fundRewards(BigInteger.TEN.pow(12)), "fundRewards");
                long batch = 0;
                BigInteger total = BigInteger.ZERO;
                // The first settle writes the packed slot for the first time; it is not what we measure.
                StandardMerkleTree first = StandardMerkleTree.of(leaves(1, 1, random));
                total = sum(first);
                settle(chain, ++batch, first, total);
                GasSplit[] settleGas = new GasSplit[3];
                int[] sizes = {10, 1_000, 100_000};
                StandardMerkleTree last = null;
                List<StandardMerkleTree.Leaf> lastLeaves = null;
                for (int i = 0; i < sizes.length; i++) {
                    lastLeaves = leaves(sizes[i], 1_000, random);
                    last = StandardMerkleTree.of(lastLeaves);
                    total = total.max(sum(last));
                    settleGas[i] = GasSplit.of(web3j, settle(chain, ++batch, last, total));
                    System.out.printf("settle batch %d, %,d creators: %s%n", batch, sizes[i], settleGas[i].describe(SETTLE_BUDGET));
                }
                // First claim of an account against the 100,000-creator tree.
                int who = 4_242;
                StandardMerkleTree.Leaf leaf = lastLeaves.get(who);
                GasSplit firstClaim = GasSplit.of(web3j,
                        require(chain.claim(leaf.account(), leaf.amount(), last.proofHex(who)), "first claim"));
                // A new 100,000-creator batch in which that account earned more; it claims again.
                List<StandardMerkleTree.Leaf> grown = new ArrayList<>(lastLeaves);
                grown.set(who, new StandardMerkleTree.Leaf(leaf.account(), leaf.amount().add(BigInteger.valueOf(1_000))));
                StandardMerkleTree next = StandardMerkleTree.of(grown);
                total = total.max(sum(next));
                settle(chain, ++batch, next, total);
                GasSplit repeat = GasSplit.of(web3j,
                        require(chain.claim(leaf.account(), grown.get(who).amount(), next.proofHex(who)), "repeat claim"));
                // Execution gas agrees with forge's vm.lastCallGas (contracts/test/MurmurPayouts.gas.t.sol): settle to the
                // gas. The claims there carry 1- and 2-hash proofs (a 3-leaf tree); each further proof hash adds
                // about 246 gas of execution here, and 32 bytes of calldata (about 500 gas) to the intrinsic gas.
                System.out.printf("claim, first by the account, 100,000-creator tree (%d-hash proof): %s%n",
                        last.proof(who).size(), firstClaim.describe(CLAIM_FIRST_BUDGET));
                System.out.printf("claim, again after a new batch, 100,000-creator tree (%d-hash proof): %s%n",
                        next.proof(who).size(), repeat.describe(CLAIM_AGAIN_BUDGET));
                long floor = Stream.concat(Arrays.stream(settleGas), Stream.of(firstClaim, repeat))
                        .mapToLong(GasSplit::floor).max().orElseThrow();
                System.out.printf("hardfork %s: the EIP-7623 calldata floor of these transactions is at most %,d gas, below each"
                        + " one's gasUsed, so gasUsed = intrinsic + execution%n", hardfork(anvil), floor);
                System.out.printf("settlement creators=%d tree_ms=%d proofs_ms=%d settle_gas_10=%d settle_gas_1000=%d settle_gas_100000=%d"
                                + " claim_gas_first=%d claim_gas_repeat=%d%n", creators, treeMs, proofsMs, settleGas[0].execution(),
                        settleGas[1].execution(), settleGas[2].execution(), firstClaim.execution(), repeat.execution());
            } finally {
                web3j.shutdown();
            }
        }
    }

    /**
     * A mined call's gas: {@code gasUsed} from its receipt = {@code intrinsic} ({@link #intrinsicGas}, charged
     * before any code runs) + {@code execution}, the gas its code used. Execution gas is what forge measures
     * ({@code vm.lastCallGas}) and what the budgets cap. {@code floor} is the call's EIP-7623 minimum
     * ({@link #calldataFloorGas}).
     */
    record GasSplit(long gasUsed, long intrinsic, long execution, long floor) {

        /** Splits the gas of a mined call, reading its input back from the node. */
        static GasSplit of(Web3j web3j, ChainClient.Receipt receipt) {
            Transaction tx;
            try {
                tx = web3j.ethGetTransactionByHash(receipt.transactionHash()).send().getTransaction()
                        .orElseThrow(() -> new IllegalStateException("no transaction " + receipt.transactionHash()));
            } catch (IOException e) {
                throw new IllegalStateException("eth_getTransactionByHash failed", e);
            }
            if (tx.getTo() == null || (tx.getAccessList() != null && !tx.getAccessList().isEmpty())) {
                throw new IllegalStateException("not a plain call: intrinsicGas counts no creation and no access list");
            }
            return of(receipt.gasUsed(), Numeric.hexStringToByteArray(tx.getInput()));
        }

        /**
         * Splits {@code gasUsed} of a plain call with {@code input}. Since Prague (EIP-7623) a transaction pays
         * max(intrinsic + execution, floor). Where it paid the floor, execution is hidden under it and cannot
         * be told from {@code gasUsed}, so this refuses. Gas refunds would also hide in {@code gasUsed}; these
         * calls earn none (the reentrancy guard is transient, and no slot is cleared or set back to its
         * original value).
         */
        static GasSplit of(long gasUsed, byte[] input) {
            long intrinsic = intrinsicGas(input);
            long floor = calldataFloorGas(input);
            if (gasUsed <= floor) {
                throw new IllegalStateException("gasUsed %,d is the EIP-7623 calldata floor %,d: execution gas is unknown"
                        .formatted(gasUsed, floor));
            }
            return new GasSplit(gasUsed, intrinsic, gasUsed - intrinsic, floor);
        }

        /** {@code 81,020 gas = 22,392 intrinsic + 58,628 execution (budget 60,000: 1,372 to spare)}. */
        String describe(long executionBudget) {
            String verdict = execution <= executionBudget ? "%,d to spare".formatted(executionBudget - execution)
                    : "OVER by %,d".formatted(execution - executionBudget);
            return "%,d gas = %,d intrinsic + %,d execution (budget %,d: %s)"
                    .formatted(gasUsed, intrinsic, execution, executionBudget, verdict);
        }
    }

    /**
     * The intrinsic gas of a call (not a contract creation, no access list): 21,000, plus calldata at
     * 4 gas per zero byte and 16 per other byte of {@code input} (EIP-2028).
     */
    static long intrinsicGas(byte[] input) {
        long zeros = zeroBytes(input);
        return 21_000 + 4 * zeros + 16 * (input.length - zeros);
    }

    /**
     * The least a call with {@code input} pays since Prague (EIP-7623): 21,000 plus 10 gas per calldata
     * token, where a zero byte is one token and any other byte four.
     */
    static long calldataFloorGas(byte[] input) {
        long zeros = zeroBytes(input);
        return 21_000 + 10 * (zeros + 4 * (input.length - zeros));
    }

    private static long zeroBytes(byte[] input) {
        long zeros = 0;
        for (byte b : input) {
            if (b == 0) {
                zeros++;
            }
        }
        return zeros;
    }

    /** The hardfork anvil runs (anvil_nodeInfo), which decides the gas rules. */
    private static String hardfork(AnvilProcess anvil) {
        try {
            Object info = new Request<>("anvil_nodeInfo", List.of(), new HttpService(anvil.url()), AnvilProcess.AnyResponse.class)
                    .send().getResult();
            return String.valueOf(((Map<?, ?>) info).get("hardFork"));
        } catch (IOException e) {
            throw new IllegalStateException("anvil_nodeInfo failed", e);
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
        ChainClient.SignedTransaction tx = chain.signSettle(batchId, tree.rootHex(), total, BigInteger.ZERO, ZERO_HASH.replace("00", "11"),
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
