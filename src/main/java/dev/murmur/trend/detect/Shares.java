package dev.murmur.trend.detect;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Turns integer weights into basis points that add up to exactly 10,000, with a cap per account.
 *
 * <p>Water-filling, then the largest remainder: every account whose proportional part would
 * exceed the cap gets the cap, and the rest is split again among the others, until nobody is over
 * the cap. The exact parts are then rounded down, and the basis points left over go one each to
 * the largest remainders, ties to the smaller account id. The cap is raised to ceil(10000 / n)
 * when n accounts could not otherwise reach 10,000. Integer arithmetic throughout: the same input
 * always gives the same shares.
 */
public final class Shares {

    public static final int TOTAL = 10_000;

    private Shares() {
    }

    /** The cap that applies when {@code n} accounts take part. */
    public static int effectiveCap(int capBps, int n) {
        return n == 0 ? capBps : Math.max(capBps, (TOTAL + n - 1) / n);
    }

    /**
     * @param weights account id to weight; weights <= 0 take no part
     * @return account id to basis points (> 0 entries only); empty when no weight is positive
     */
    public static SortedMap<Long, Integer> allocate(Map<Long, Long> weights, int capBps) {
        SortedMap<Long, Long> positive = new TreeMap<>();
        weights.forEach((account, w) -> {
            if (w > 0) {
                positive.put(account, w);
            }
        });
        SortedMap<Long, Integer> result = new TreeMap<>();
        if (positive.isEmpty()) {
            return result;
        }
        int cap = effectiveCap(capBps, positive.size());
        Set<Long> capped = new HashSet<>();
        BigInteger remaining;
        BigInteger total;
        while (true) {
            remaining = BigInteger.valueOf(TOTAL - (long) cap * capped.size());
            total = BigInteger.ZERO;
            for (Map.Entry<Long, Long> e : positive.entrySet()) {
                if (!capped.contains(e.getKey())) {
                    total = total.add(BigInteger.valueOf(e.getValue()));
                }
            }
            BigInteger capTimesTotal = BigInteger.valueOf(cap).multiply(total);
            List<Long> over = new ArrayList<>();
            for (Map.Entry<Long, Long> e : positive.entrySet()) {
                if (!capped.contains(e.getKey()) && remaining.multiply(BigInteger.valueOf(e.getValue())).compareTo(capTimesTotal) > 0) {
                    over.add(e.getKey());
                }
            }
            if (over.isEmpty()) {
                break;
            }
            capped.addAll(over);
        }
        record Part(long account, BigInteger remainder) {
        }
        List<Part> parts = new ArrayList<>();
        int handedOut = 0;
        for (Map.Entry<Long, Long> e : positive.entrySet()) {
            if (capped.contains(e.getKey())) {
                result.put(e.getKey(), cap);
                handedOut += cap;
                continue;
            }
            BigInteger[] qr = remaining.multiply(BigInteger.valueOf(e.getValue())).divideAndRemainder(total);
            int floor = qr[0].intValueExact();
            result.put(e.getKey(), floor);
            handedOut += floor;
            parts.add(new Part(e.getKey(), qr[1]));
        }
        int left = TOTAL - handedOut;
        parts.sort(Comparator.comparing(Part::remainder).reversed().thenComparingLong(Part::account));
        for (int i = 0; i < left; i++) {
            result.merge(parts.get(i).account(), 1, Integer::sum);
        }
        result.values().removeIf(v -> v == 0);
        return result;
    }
}
