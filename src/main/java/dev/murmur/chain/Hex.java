package dev.murmur.chain;

import org.web3j.utils.Numeric;

import java.math.BigInteger;

/**
 * Hex as Ethereum writes it: {@code 0x}-prefixed, lower case. One of the small helpers through which
 * code outside {@code chain} handles chain data without touching web3j (docs/architecture.md, "Layers").
 */
public final class Hex {

    private Hex() {
    }

    /** {@code 0x} followed by two lower-case digits per byte; {@code 0x} for no bytes. */
    public static String encode(byte[] bytes) {
        return Numeric.toHexString(bytes);
    }

    /** The bytes of {@code hex}, with or without {@code 0x}; an odd digit count gets a leading 0. */
    public static byte[] decode(String hex) {
        return Numeric.hexStringToByteArray(hex);
    }

    /** {@code value} (not negative) as exactly {@code length} big-endian bytes, as ABI encoding pads a uint. */
    public static byte[] padded(BigInteger value, int length) {
        return Numeric.toBytesPadded(value, length);
    }
}
