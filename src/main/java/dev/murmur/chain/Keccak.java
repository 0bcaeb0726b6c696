package dev.murmur.chain;

import org.web3j.crypto.Hash;

import java.nio.charset.StandardCharsets;

/** Keccak-256, the hash of the EVM (Merkle leaves and nodes, manifest hashes). */
public final class Keccak {

    private Keccak() {
    }

    /** The 32-byte Keccak-256 of {@code bytes}. */
    public static byte[] hash(byte[] bytes) {
        return Hash.sha3(bytes);
    }

    /** The Keccak-256 of {@code text}'s UTF-8 bytes, as {@code 0x} hex: how a manifest's hash is written on chain. */
    public static String hashText(String text) {
        return Hex.encode(hash(text.getBytes(StandardCharsets.UTF_8)));
    }
}
