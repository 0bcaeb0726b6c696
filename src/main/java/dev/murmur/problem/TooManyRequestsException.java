package dev.murmur.problem;

/**
 * A 429: the request was refused by a limit, and may be sent again after {@link #retryAfterSeconds()}.
 * {@link ProblemMappers} adds that as the {@code Retry-After} header.
 */
public class TooManyRequestsException extends ApiException {

    private final long retryAfterSeconds;

    public TooManyRequestsException(ProblemType type, String detail, long retryAfterSeconds) {
        super(type, detail);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
