package dev.murmur.period;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BudgetSplitterTest {

    @Test
    void shouldSplitByLargestRemainderWithTiesToTheSmallerAccount() {
        // 100 / 3: each gets 33, one unit left; equal remainders, so account 1 gets it.
        assertThat(BudgetSplitter.split(100, Map.of(3L, 5L, 1L, 5L, 2L, 5L))).containsExactly(
                Map.entry(1L, 34L), Map.entry(2L, 33L), Map.entry(3L, 33L));
        // 10 * 1/6 = 1.67, 10 * 2/6 = 3.33, 10 * 3/6 = 5: the larger remainder (0.67) gets the unit.
        assertThat(BudgetSplitter.split(10, Map.of(1L, 1L, 2L, 2L, 3L, 3L))).containsExactly(
                Map.entry(1L, 2L), Map.entry(2L, 3L), Map.entry(3L, 5L));
    }

    @Test
    void shouldLeaveOutNonPositiveWeightsAndSplitNothingWithoutWeight() {
        assertThat(BudgetSplitter.split(7, Map.of(1L, -4L, 2L, 0L, 3L, 1L))).containsExactly(Map.entry(3L, 7L));
        assertThat(BudgetSplitter.split(7, Map.of(1L, 0L))).isEmpty();
        assertThatThrownBy(() -> BudgetSplitter.split(-1, Map.of(1L, 1L))).isInstanceOf(IllegalArgumentException.class);
    }

    /** Property: for random budgets and weights, parts sum to the budget and each is within one unit of its exact share. */
    @Test
    void shouldAlwaysAddUpToTheBudgetExactly() {
        Random random = new Random(20250301L);
        for (int round = 0; round < 2_000; round++) {
            long budget = round % 3 == 0 ? random.nextLong(Long.MAX_VALUE / 2) : random.nextLong(10_000);
            int n = 1 + random.nextInt(50);
            Map<Long, Long> weights = new HashMap<>();
            for (int i = 0; i < n; i++) {
                weights.put((long) random.nextInt(1_000), round % 5 == 0 ? random.nextLong(Long.MAX_VALUE / 64) : random.nextInt(100) - 10);
            }
            SortedMap<Long, Long> shares = BudgetSplitter.split(budget, weights);
            BigInteger total = weights.values().stream().filter(w -> w > 0).map(BigInteger::valueOf).reduce(BigInteger.ZERO, BigInteger::add);
            if (total.signum() == 0) {
                assertThat(shares).isEmpty();
                continue;
            }
            assertThat(shares.values().stream().mapToLong(Long::longValue).sum()).as("round %d", round).isEqualTo(budget);
            shares.forEach((account, share) -> {
                BigInteger exactFloor = BigInteger.valueOf(budget).multiply(BigInteger.valueOf(weights.get(account))).divide(total);
                assertThat(share - exactFloor.longValueExact()).isBetween(0L, 1L);
            });
            assertThat(BudgetSplitter.split(budget, new HashMap<>(weights))).isEqualTo(shares);
        }
    }
}
