package dev.murmur.chain;

import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SignatureException;
import java.util.Locale;

/**
 * Ethereum addresses and EIP-191 {@code personal_sign} signatures
 * ({@code keccak256("\x19Ethereum Signed Message:\n" + length + message)}, secp256k1). Checking that a
 * signature is well formed is the caller's job (account's wallet proofs); this only does the curve maths.
 */
public final class Signatures {

    private Signatures() {
    }

    /** {@code address} in its EIP-55 mixed-case checksum form. */
    public static String checksummed(String address) {
        return Keys.toChecksumAddress(address);
    }

    /**
     * The address (lower case, {@code 0x}) whose key signed {@code message} with {@code personal_sign},
     * from the signature's parts: {@code r} and {@code s} (32 bytes each) and {@code v} (27 or 28).
     *
     * @throws SignatureException when no public key can be recovered
     */
    public static String personalSigner(String message, byte[] r, byte[] s, int v) throws SignatureException {
        try {
            BigInteger key = Sign.signedPrefixedMessageToKey(message.getBytes(StandardCharsets.UTF_8),
                    new Sign.SignatureData((byte) v, r, s));
            return "0x" + Keys.getAddress(key).toLowerCase(Locale.ROOT);
        } catch (RuntimeException e) {
            throw new SignatureException("no public key can be recovered from this signature", e);
        }
    }

    /** Signs {@code message} with {@code personal_sign}: 65 bytes r, s, v (v is 27 or 28), as {@code 0x} hex. */
    public static String personalSign(String privateKey, String message) {
        Sign.SignatureData signature = Sign.signPrefixedMessage(message.getBytes(StandardCharsets.UTF_8),
                Credentials.create(privateKey).getEcKeyPair());
        byte[] bytes = new byte[65];
        System.arraycopy(signature.getR(), 0, bytes, 0, 32);
        System.arraycopy(signature.getS(), 0, bytes, 32, 32);
        bytes[64] = signature.getV()[0];
        return Hex.encode(bytes);
    }

    /** The address (lower case, {@code 0x}) of {@code privateKey}. */
    public static String addressOf(String privateKey) {
        return Credentials.create(privateKey).getAddress();
    }
}
