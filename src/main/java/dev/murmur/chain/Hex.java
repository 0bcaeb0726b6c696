package dev.murmur.chain;

import org.web3j.utils.Numeric;

import java.math.BigInteger;

/** The chain's hex encodings, for code outside {@code chain} (which does not use web3j itself). */
public final class Hex {

    private Hex() {
    }

    /** {@code 0x}-prefixed lower-case hex of the bytes. */
    public static String of(byte[] bytes) {
        return Numeric.toHexString(bytes);
    }

    /** The bytes of a hex string, with or without {@code 0x}. */
    public static byte[] bytes(String hex) {
        return Numeric.hexStringToByteArray(hex);
    }

    /** A non-negative integer as a big-endian 32-byte word (ABI {@code uint256}). */
    public static byte[] uint256(BigInteger value) {
        return Numeric.toBytesPadded(value, 32);
    }
}
