package dev.murmur.limit;

import io.quarkus.runtime.configuration.DurationConverter;

import java.time.Duration;

/**
 * A rate limit as configured: {@code count} requests per {@code period}, written {@code "20/1m"}
 * (a count, a slash, a Quarkus duration such as {@code 30s}, {@code 15m}, {@code 1h} or {@code PT1H}).
 * SmallRye Config turns a property into one through {@link #of(String)}.
 */
public record Rate(int count, Duration period) {

    public Rate {
        if (count < 1) {
            throw new IllegalArgumentException("a rate allows at least 1 request, not " + count);
        }
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("a rate's period must be positive, not " + period);
        }
    }

    public static Rate of(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("a rate is written COUNT/PERIOD, like 20/1m, not '" + text + "'");
        }
        return new Rate(Integer.parseInt(text.substring(0, slash).strip()),
                DurationConverter.parseDuration(text.substring(slash + 1).strip()));
    }

    @Override
    public String toString() {
        return count + "/" + period;
    }
}
