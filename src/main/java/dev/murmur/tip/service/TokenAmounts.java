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

    /**
     * Base units for {@code amount}, which must be positive, have at most {@code decimals} decimals
     * and lie within [min, max] token units.
     */
    public static long toBaseUnits(BigDecimal amount, int decimals, BigDecimal min, BigDecimal max) {
        if (amount == null) {
            throw ApiException.field(ProblemType.VALIDATION_FAILED, "amount", "is required");
        }
        if (amount.signum() <= 0) {
            throw ApiException.field(ProblemType.INVALID_AMOUNT, "amount", "must be greater than zero");
        }
        BigDecimal plain = amount.stripTrailingZeros();
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
