package dev.murmur.chain;

/** The node could not be reached or refused a request. Callers retry; nothing was lost. */
public class ChainException extends RuntimeException {
    public ChainException(String message, Throwable cause) {
        super(message, cause);
    }

    public ChainException(String message) {
        super(message);
    }
}
