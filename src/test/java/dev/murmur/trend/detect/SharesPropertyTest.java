package dev.murmur.trend.detect;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Shares always add up to 10,000 basis points, nobody exceeds the (effective) cap, and the split is deterministic. */
class SharesPropertyTest {

    @Property(tries = 2_000)
    void sharesAddUpToExactlyTenThousandWithinTheCap(
            @ForAll @Size(min = 1, max = 60) List<@LongRange(min = -5, max = 2_000_000_000_000L) Long> weights,
            @ForAll @IntRange(min = 1, max = 10_000) int cap) {
        Map<Long, Long> byAccount = new TreeMap<>();
        for (int i = 0; i < weights.size(); i++) {
            byAccount.put((long) (i * 7 + 3), weights.get(i));
        }
        long positive = byAccount.values().stream().filter(w -> w > 0).count();
        SortedMap<Long, Integer> shares = Shares.allocate(byAccount, cap);
        if (positive == 0) {
            assertThat(shares).isEmpty();
            return;
        }
        assertThat(shares.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(Shares.TOTAL);
        int effectiveCap = Shares.effectiveCap(cap, (int) positive);
        assertThat(shares.values()).allSatisfy(bps -> assertThat(bps).isBetween(1, effectiveCap));
        assertThat(shares.keySet()).allSatisfy(account -> assertThat(byAccount.get(account)).isPositive());
        assertThat(Shares.allocate(new TreeMap<>(byAccount).descendingMap(), cap)).isEqualTo(shares);
    }

    @Property(tries = 500)
    void aLargerWeightNeverGetsFewerBasisPoints(
            @ForAll @Size(min = 2, max = 30) List<@LongRange(min = 1, max = 1_000_000) Long> weights,
            @ForAll @IntRange(min = 1, max = 10_000) int cap) {
        Map<Long, Long> byAccount = new TreeMap<>();
        for (int i = 0; i < weights.size(); i++) {
            byAccount.put((long) i, weights.get(i));
        }
        SortedMap<Long, Integer> shares = Shares.allocate(byAccount, cap);
        for (long a : byAccount.keySet()) {
            for (long b : byAccount.keySet()) {
                if (byAccount.get(a) > byAccount.get(b)) {
                    // Rounding may cost one basis point; never more.
                    assertThat(shares.getOrDefault(a, 0)).isGreaterThanOrEqualTo(shares.getOrDefault(b, 0) - 1);
                }
            }
        }
    }
}
