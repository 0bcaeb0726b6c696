package dev.murmur.bench.trends;

import dev.murmur.trend.detect.TrendRules;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The bench's scenarios at a smaller size, with fixed seeds, held to the bench's targets (throughput is not asserted). */
class TrendScenarioTest {

    @ParameterizedTest
    @ValueSource(longs = {1L, 20250301L, 424242L})
    void shouldMeetTheTargetsOnTheSeededScenario(long seed) {
        TrendScenario.Stream stream = TrendScenario.generate(TrendScenario.small(), seed);
        TrendRules rules = TrendBench.rules(stream.bucketMillis());
        TrendBench.Report report = TrendBench.run(stream, rules, 0);
        assertThat(report.precision()).as(report.line() + " false positives " + report.falsePositives()).isGreaterThanOrEqualTo(0.9);
        assertThat(report.recall()).as(report.line()).isGreaterThanOrEqualTo(0.9);
        assertThat(report.originatorShare()).as(report.line()).isGreaterThanOrEqualTo(0.5);
        assertThat(report.botShare()).as(report.line()).isLessThan(0.01);
        assertThat(report.falsePositives()).doesNotContainAnyElementsOf(stream.slowTags()).doesNotContain(stream.botTag());
    }
}
