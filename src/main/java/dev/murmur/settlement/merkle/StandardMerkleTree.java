package dev.murmur.settlement.merkle;

import dev.murmur.chain.Hex;
import dev.murmur.chain.Keccak;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * OpenZeppelin's StandardMerkleTree ("standard-v1") for (address, uint256) leaves, byte for byte:
 * the same leaf hash, the same sorted leaf order, the same array layout and the same proofs, so a
 * published dump loads in {@code @openzeppelin/merkle-tree} and yields the same root.
 *
 * <ul>
 *   <li>leaf = keccak256(bytes.concat(keccak256(abi.encode(account, amount))))</li>
 *   <li>leaves sorted by hash; leaf {@code i} of {@code n} sits at tree index {@code 2n - 2 - i}</li>
 *   <li>node {@code i} = keccak256(sorted(tree[2i+1], tree[2i+2])); the root is tree[0]</li>
 * </ul>
 */
public final class StandardMerkleTree {

    /** One value of the tree: an account and its cumulative amount in token base units. */
    public record Leaf(String account, BigInteger amount) {
        public Leaf {
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(amount, "amount");
            if (amount.signum() < 0 || amount.bitLength() > 256) {
                throw new IllegalArgumentException("amount must fit in uint256: " + amount);
            }
            if (!account.matches("0x[0-9a-fA-F]{40}")) {
                throw new IllegalArgumentException("not an address: " + account);
            }
        }
    }

    private static final Comparator<byte[]> UNSIGNED = Arrays::compareUnsigned;

    private final List<Leaf> values;
    private final byte[][] tree;
    /** treeIndex[v] is where value v's leaf sits in {@link #tree}. */
    private final int[] treeIndex;

    private StandardMerkleTree(List<Leaf> values, byte[][] tree, int[] treeIndex) {
        this.values = values;
        this.tree = tree;
        this.treeIndex = treeIndex;
    }

    public static StandardMerkleTree of(List<Leaf> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("a Merkle tree needs at least one leaf");
        }
        int n = values.size();
        byte[][] hashes = new byte[n][];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            hashes[i] = leafHash(values.get(i));
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> UNSIGNED.compare(hashes[a], hashes[b]));

        byte[][] tree = new byte[2 * n - 1][];
        int[] treeIndex = new int[n];
        for (int sorted = 0; sorted < n; sorted++) {
            int index = tree.length - 1 - sorted;
            tree[index] = hashes[order[sorted]];
            treeIndex[order[sorted]] = index;
        }
        for (int i = tree.length - 1 - n; i >= 0; i--) {
            tree[i] = hashPair(tree[2 * i + 1], tree[2 * i + 2]);
        }
        return new StandardMerkleTree(List.copyOf(values), tree, treeIndex);
    }

    public static byte[] leafHash(Leaf leaf) {
        byte[] encoded = new byte[64];
        byte[] address = Hex.decode(leaf.account());
        System.arraycopy(address, 0, encoded, 32 - address.length, address.length);
        byte[] amount = Hex.padded(leaf.amount(), 32);
        System.arraycopy(amount, 0, encoded, 32, 32);
        return Keccak.hash(Keccak.hash(encoded));
    }

    static byte[] hashPair(byte[] a, byte[] b) {
        byte[] joined = new byte[64];
        boolean ordered = UNSIGNED.compare(a, b) <= 0;
        System.arraycopy(ordered ? a : b, 0, joined, 0, 32);
        System.arraycopy(ordered ? b : a, 0, joined, 32, 32);
        return Keccak.hash(joined);
    }

    public byte[] root() {
        return tree[0].clone();
    }

    public String rootHex() {
        return Hex.encode(tree[0]);
    }

    public List<Leaf> values() {
        return values;
    }

    public int treeIndexOf(int valueIndex) {
        return treeIndex[valueIndex];
    }

    /** The sibling hashes from value {@code valueIndex}'s leaf up to (not including) the root. */
    public List<byte[]> proof(int valueIndex) {
        List<byte[]> proof = new ArrayList<>();
        for (int i = treeIndex[valueIndex]; i > 0; i = (i - 1) / 2) {
            int sibling = i % 2 == 1 ? i + 1 : i - 1;
            proof.add(tree[sibling].clone());
        }
        return proof;
    }

    public List<String> proofHex(int valueIndex) {
        return proof(valueIndex).stream().map(Hex::encode).toList();
    }

    /** Every node, as in the dump's "tree" array. */
    public List<String> treeHex() {
        return Arrays.stream(tree).map(Hex::encode).toList();
    }

    /** Verifies a proof the way OpenZeppelin's MerkleProof.verify does. */
    public static boolean verify(byte[] root, Leaf leaf, List<byte[]> proof) {
        byte[] computed = leafHash(leaf);
        for (byte[] sibling : proof) {
            computed = hashPair(computed, sibling);
        }
        return Arrays.equals(computed, root);
    }
}
