package dev.murmur.chain;

import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

import java.nio.charset.StandardCharsets;

/** Keccak-256, the contract's hash, for code outside {@code chain} (which does not use web3j itself). */
public final class Keccak {

    private Keccak() {
    }

    public static byte[] keccak256(byte[] input) {
        return Hash.sha3(input);
    }

    /** {@code 0x}-prefixed keccak256 of the text's UTF-8 bytes, as the contract stores a manifest hash. */
    public static String hexOfUtf8(String text) {
        return Numeric.toHexString(Hash.sha3(text.getBytes(StandardCharsets.UTF_8)));
    }
}
