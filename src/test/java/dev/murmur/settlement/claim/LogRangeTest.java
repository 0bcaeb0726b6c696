package dev.murmur.settlement.claim;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogRangeTest {

    @Test
    void shouldHalveTheRangeEachTimeItIsRefusedDownToOneBlock() {
        LogRange range = new LogRange(2000);
        assertThat(range.refused(2000)).isTrue();
        assertThat(range.size()).isEqualTo(1000);
        assertThat(range.refused(1000)).isTrue();
        assertThat(range.size()).isEqualTo(500);
        // A shorter range near the head that is refused: half of what was asked.
        assertThat(range.refused(30)).isTrue();
        assertThat(range.size()).isEqualTo(15);
        while (range.size() > 1) {
            assertThat(range.refused(range.size())).isTrue();
        }
        assertThat(range.refused(1)).as("one block refused is not a range problem").isFalse();
        assertThat(range.size()).isEqualTo(1);
    }

    @Test
    void shouldGrowBackAfterFullRangesInARowButNeverPastTheConfiguredRange() {
        LogRange range = new LogRange(2000);
        range.refused(2000);
        range.refused(1000); // 500
        for (int i = 0; i < LogRange.GROW_AFTER - 1; i++) {
            range.read(500);
        }
        range.read(12); // a short range at the head neither counts nor resets
        assertThat(range.size()).isEqualTo(500);
        range.read(500);
        assertThat(range.size()).isEqualTo(1000);
        for (int i = 0; i < 3 * LogRange.GROW_AFTER; i++) {
            range.read(range.size());
        }
        assertThat(range.size()).isEqualTo(2000);
    }

    @Test
    void shouldStartOverCountingAfterARefusal() {
        LogRange range = new LogRange(100);
        range.refused(100); // 50
        for (int i = 0; i < LogRange.GROW_AFTER - 1; i++) {
            range.read(50);
        }
        range.refused(50); // 25, and the count starts over
        for (int i = 0; i < LogRange.GROW_AFTER - 1; i++) {
            range.read(25);
        }
        assertThat(range.size()).isEqualTo(25);
    }

    /** Whatever the provider refuses, the listener always has a range of 1..max blocks to ask for. */
    @Property
    void shouldAlwaysAskForAtLeastOneAndAtMostTheConfiguredBlocks(@ForAll @IntRange(min = 1, max = 5000) int max,
                                                                   @ForAll @IntRange(min = 1, max = 10_000) int provider) {
        LogRange range = new LogRange(max);
        for (int i = 0; i < 40; i++) {
            int asked = range.size();
            assertThat(asked).isBetween(1, max);
            if (asked > provider) {
                assertThat(range.refused(asked)).isTrue();
                assertThat(range.size()).isLessThan(asked);
            } else {
                range.read(asked);
            }
        }
    }
}
