package dev.murmur.period;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Splits a budget pro rata to weights with exact integer arithmetic (the largest remainder
 * method). Everyone first gets floor(budget * weight / total); the units left over go one each to
 * the largest remainders, ties broken by the smaller account id. The parts always add up to the
 * budget exactly, and the same input always gives the same split.
 */
public final class BudgetSplitter {

    private BudgetSplitter() {
    }

    /**
     * @param budget  base units to split, >= 0
     * @param weights account id to weight; weights <= 0 take no part
     * @return account id to share, only for accounts with a positive weight; empty when no weight is positive
     */
    public static SortedMap<Long, Long> split(long budget, Map<Long, Long> weights) {
        if (budget < 0) {
            throw new IllegalArgumentException("budget must be >= 0, was " + budget);
        }
        SortedMap<Long, Long> shares = new TreeMap<>();
        BigInteger total = BigInteger.ZERO;
        for (long w : weights.values()) {
            if (w > 0) {
                total = total.add(BigInteger.valueOf(w));
            }
        }
        if (total.signum() == 0) {
            return shares;
        }
        record Part(long account, BigInteger remainder) {
        }
        List<Part> parts = new ArrayList<>();
        long handedOut = 0;
        BigInteger b = BigInteger.valueOf(budget);
        for (Map.Entry<Long, Long> e : new TreeMap<>(weights).entrySet()) {
            if (e.getValue() <= 0) {
                continue;
            }
            BigInteger[] qr = b.multiply(BigInteger.valueOf(e.getValue())).divideAndRemainder(total);
            long floor = qr[0].longValueExact();
            shares.put(e.getKey(), floor);
            handedOut += floor;
            parts.add(new Part(e.getKey(), qr[1]));
        }
        long left = budget - handedOut; // < number of parts, since each floor loses less than one unit
        parts.sort(Comparator.comparing(Part::remainder).reversed().thenComparing(Part::account));
        for (int i = 0; i < left; i++) {
            shares.merge(parts.get(i).account(), 1L, Long::sum);
        }
        return shares;
    }
}
