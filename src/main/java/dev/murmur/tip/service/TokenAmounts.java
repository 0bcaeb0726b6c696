package dev.murmur.tip.service;

import dev.murmur.problem.ApiException;
import dev.murmur.problem.ProblemType;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Token units as people write them ("1.25") to base units (1250000 with 6 decimals), exactly.
 * Pure: what is refused, and why, is decided here.
 */
public final class TokenAmounts {

    private TokenAmounts() {
    }

    /** Digits before the point that any amount may have: a long holds 19. */
    private static final int MAX_INTEGER_DIGITS = 19;

    /**
     * Base units for {@code amount}, which must be positive, have at most {@code decimals} decimals
     * and lie within [min, max] token units.
     *
     * <p>Its size is checked first, from its representation alone ({@code precision - scale} digits
     * before the point, {@code scale} after it): {@code 1e900000000} is one digit with a scale of
     * -900000000, and turning it into a plain string or an integer would build 900 million digits.
     * Nothing below scales, compares or prints the amount until both are known to be small.
     */
    public static long toBaseUnits(BigDecimal amount, int decimals, BigDecimal min, BigDecimal max) {
        if (amount == null) {
            throw ApiException.field(ProblemType.VALIDATION_FAILED, "amount", "is required");
        }
        if (amount.signum() <= 0) {
            throw ApiException.field(ProblemType.INVALID_AMOUNT, "amount", "must be greater than zero");
        }
        if ((long) amount.precision() - amount.scale() > MAX_INTEGER_DIGITS) {
            throw ApiException.field(ProblemType.INVALID_AMOUNT, "amount", "must be at most " + max.toPlainString());
        }
        // A positive scale is bounded by the precision once trailing zeros are gone; JSON numbers have
        // at most 1,000 digits (Jackson's StreamReadConstraints), so stripping them is cheap.
        BigDecimal plain = amount.scale() > decimals ? amount.stripTrailingZeros() : amount;
        if (plain.scale() > decimals) {
            throw ApiException.field(ProblemType.INVALID_AMOUNT, "amount",
                    "has more than " + decimals + " decimals, the token's precision");
        }
        if (amount.compareTo(max) > 0) {
            throw ApiException.field(ProblemType.INVALID_AMOUNT, "amount", "must be at most " + max.toPlainString());
        }
        if (amount.compareTo(min) < 0) {
            throw ApiException.field(ProblemType.INVALID_AMOUNT, "amount", "must be at least " + min.toPlainString());
        }
        BigInteger units = plain.movePointRight(decimals).toBigIntegerExact();
        if (units.bitLength() > 62) {
            throw ApiException.field(ProblemType.INVALID_AMOUNT, "amount", "is too large");
        }
        return units.longValueExact();
    }

    /** Base units back to token units, for display ("1.25"). */
    public static String toTokens(long baseUnits, int decimals) {
        return BigDecimal.valueOf(baseUnits, decimals).stripTrailingZeros().toPlainString();
    }

    /** The platform's cut, rounded down, so the creator never gets less than the published rate implies. */
    public static long fee(long amount, int feeBps) {
        return Math.multiplyExact(amount, (long) feeBps) / 10_000;
    }
}
