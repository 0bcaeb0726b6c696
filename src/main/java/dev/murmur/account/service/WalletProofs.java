package dev.murmur.account.service;

import dev.murmur.chain.Hex;
import dev.murmur.chain.Signatures;

import java.math.BigInteger;
import java.security.SignatureException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The pure part of wallet proofs: the one-time message (in the shape of EIP-4361, "Sign-In with
 * Ethereum"), signature parsing and address recovery for EIP-191 {@code personal_sign}. No state, no
 * database: {@link WalletService} stores challenges and links.
 */
public final class WalletProofs {

    public static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");
    private static final Pattern SIGNATURE = Pattern.compile("0x[0-9a-fA-F]{130}");
    /** secp256k1 group order; a signature's r and s lie in [1, n-1], and s in the lower half (EIP-2). */
    private static final BigInteger N = new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);

    private WalletProofs() {
    }

    /** What goes into a message. {@code address} is EIP-55 checksummed in the text. */
    public record Statement(String domain, String uri, String address, String handle, long accountId, long chainId,
                            String nonce, Instant issuedAt, Instant expiresAt) {
    }

    /** The exact text the creator signs. Every line is fixed, so the server can rebuild and compare it. */
    public static String message(Statement s) {
        return s.domain() + " wants you to sign in with your Ethereum account:\n"
                + Signatures.checksummed(s.address()) + "\n"
                + "\n"
                + "Link this wallet to Murmur account @" + s.handle() + " (id " + s.accountId() + ") to receive creator payouts. "
                + "Only batches created after the link pay to it.\n"
                + "\n"
                + "URI: " + s.uri() + "\n"
                + "Version: 1\n"
                + "Chain ID: " + s.chainId() + "\n"
                + "Nonce: " + s.nonce() + "\n"
                + "Issued At: " + s.issuedAt() + "\n"
                + "Expiration Time: " + s.expiresAt();
    }

    /**
     * A lower-case address, or empty if {@code address} is not one. Mixed case must be a valid EIP-55
     * checksum (a typo in a checksummed address is caught); all lower or all upper case is accepted.
     */
    public static Optional<String> normalize(String address) {
        if (address == null || !ADDRESS.matcher(address).matches()) {
            return Optional.empty();
        }
        String hex = address.substring(2);
        boolean mixed = !hex.equals(hex.toLowerCase(Locale.ROOT)) && !hex.equals(hex.toUpperCase(Locale.ROOT));
        if (mixed && !Signatures.checksummed(address).equals(address)) {
            return Optional.empty();
        }
        return Optional.of("0x" + hex.toLowerCase(Locale.ROOT));
    }

    /** Thrown for a signature that is not a well-formed 65-byte secp256k1 signature. */
    public static final class MalformedSignature extends Exception {
        MalformedSignature(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Recovers the address (lower case) that signed {@code message} with {@code personal_sign}
     * ({@code "\x19Ethereum Signed Message:\n" + length + message}, keccak256).
     */
    public static String recover(String message, String signature) throws MalformedSignature {
        Parsed parts = parse(signature);
        try {
            return Signatures.personalSigner(message, parts.r(), parts.s(), parts.v());
        } catch (SignatureException e) {
            throw new MalformedSignature("no public key can be recovered from this signature");
        }
    }

    /** A signature's parts: r and s (32 bytes each) and v (27 or 28). */
    record Parsed(byte[] r, byte[] s, int v) {
    }

    static Parsed parse(String signature) throws MalformedSignature {
        if (signature == null || !SIGNATURE.matcher(signature).matches()) {
            throw new MalformedSignature("must be 0x followed by 130 hex digits (65 bytes: r, s, v)");
        }
        byte[] bytes = Hex.decode(signature);
        byte[] r = Arrays.copyOfRange(bytes, 0, 32);
        byte[] s = Arrays.copyOfRange(bytes, 32, 64);
        int v = bytes[64] & 0xff;
        if (v == 0 || v == 1) {
            v += 27; // some wallets and hardware signers give the recovery id alone
        }
        if (v != 27 && v != 28) {
            throw new MalformedSignature("v must be 27 or 28 (or 0 or 1), not " + (bytes[64] & 0xff));
        }
        BigInteger ri = new BigInteger(1, r);
        BigInteger si = new BigInteger(1, s);
        if (ri.signum() == 0 || ri.compareTo(N) >= 0 || si.signum() == 0 || si.compareTo(N) >= 0) {
            throw new MalformedSignature("r and s must lie between 1 and the curve order");
        }
        if (si.compareTo(N.shiftRight(1)) > 0) {
            throw new MalformedSignature("s is in the upper half of the curve order (not canonical, EIP-2)");
        }
        return new Parsed(r, s, v);
    }

    /** 16 random bytes as 32 hex digits: alphanumeric, as EIP-4361 asks of a nonce. */
    public static String nonce(java.security.SecureRandom random) {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
