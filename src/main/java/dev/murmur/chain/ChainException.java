package dev.murmur.chain;

import java.util.regex.Pattern;

/**
 * The node could not be reached or refused a request. Callers retry; nothing was lost.
 *
 * <p>Its message may quote the node, the HTTP client or the RPC URL, and a provider's URL often carries
 * an API key. The full message goes to the log only; an API response never shows it, and what Murmur
 * stores for operators to read is {@link #redactedMessage()}.
 */
public class ChainException extends RuntimeException {

    /** A URL (an RPC endpoint, with any key in its path or query). */
    private static final Pattern URL = Pattern.compile("(?i)\\b(?:https?|wss?|ipc)://[^\\s\"'<>]+");
    /**
     * A run of 32 or more letters and digits: private keys (64 hex digits) and providers' API keys (32 hex
     * or base62 characters) look like this. So do hashes, which lose little.
     */
    private static final Pattern KEY_LIKE = Pattern.compile("\\b(?:0x)?[A-Za-z0-9_-]{32,}\\b");
    /** web3j quotes a provider's whole error page after the HTTP status; the status is enough. */
    private static final Pattern RESPONSE_BODY = Pattern.compile("(?s)(Invalid response received: \\d+);.*");
    /** OkHttp's "Failed to connect to host/1.2.3.4:8545": the node's address. */
    private static final Pattern CONNECT = Pattern.compile("(?i)(connect(?:ion)? to )\\S+");

    public ChainException(String message, Throwable cause) {
        super(message, cause);
    }

    public ChainException(String message) {
        super(message);
    }

    /** The message without URLs, node addresses or anything shaped like a key. */
    public String redactedMessage() {
        return redact(getMessage());
    }

    static String redact(String message) {
        if (message == null) {
            return "";
        }
        String redacted = RESPONSE_BODY.matcher(message).replaceAll("$1");
        redacted = URL.matcher(redacted).replaceAll("<rpc-url>");
        redacted = CONNECT.matcher(redacted).replaceAll("$1<node>");
        return KEY_LIKE.matcher(redacted).replaceAll("<redacted>");
    }
}
