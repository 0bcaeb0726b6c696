package dev.murmur.chain;

/**
 * The node answered {@code eth_getLogs} with an error or did not answer in time. Providers cap a
 * query by blocks or by results ("query returned more than 10000 results", "block range is too
 * wide", ...), each with its own words, so any such answer is taken to mean "ask for fewer blocks".
 * A node that cannot be reached at all throws a plain {@link ChainException} instead.
 */
public class LogRangeRefusedException extends ChainException {

    public LogRangeRefusedException(String message, Throwable cause) {
        super(message, cause);
    }

    public LogRangeRefusedException(String message) {
        super(message);
    }
}
