package dev.murmur.tip;

import dev.murmur.problem.ApiException;
import dev.murmur.problem.ProblemType;
import dev.murmur.tip.service.TokenAmounts;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class TokenAmountsTest {

    private static final BigDecimal MIN = new BigDecimal("0.01");
    private static final BigDecimal MAX = new BigDecimal("10000");

    @Test
    void shouldConvertTokenUnitsToBaseUnitsExactly() {
        assertThat(TokenAmounts.toBaseUnits(new BigDecimal("1.25"), 6, MIN, MAX)).isEqualTo(1_250_000);
        assertThat(TokenAmounts.toBaseUnits(new BigDecimal("1.250000000"), 6, MIN, MAX)).isEqualTo(1_250_000);
        assertThat(TokenAmounts.toBaseUnits(new BigDecimal("10000"), 6, MIN, MAX)).isEqualTo(10_000_000_000L);
        assertThat(TokenAmounts.toTokens(1_250_000, 6)).isEqualTo("1.25");
    }

    @Test
    void shouldRefuseAmountsTheTokenCannotHold() {
        assertInvalid("0");
        assertInvalid("-1");
        assertInvalid("0.0000001");
        assertInvalid("0.001");
        assertInvalid("10000.000001");
        assertInvalid("1e400");
    }

    /** 1e900000000 as a plain string is 900 million digits: refused from its precision and scale alone, at once. */
    @Test
    void shouldRefuseHugeExponentsBeforeBuildingAnything() {
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            assertInvalid("1e900000000");
            assertInvalid("1E+2147483647");
            assertInvalid("1e-900000000");
            assertInvalid("1E-2147483647");
            assertInvalid("-1e900000000");
            assertInvalid("1" + "0".repeat(999));
            assertInvalid("0." + "0".repeat(998) + "1");
        });
        assertThat(TokenAmounts.toBaseUnits(new BigDecimal("1.5e3"), 6, MIN, MAX)).isEqualTo(1_500_000_000L);
        assertThat(TokenAmounts.toBaseUnits(new BigDecimal("150e-2"), 6, MIN, MAX)).isEqualTo(1_500_000L);
    }

    @Test
    void shouldRoundTheFeeDownInTheCreatorsFavour() {
        assertThat(TokenAmounts.fee(1_000_000, 0)).isZero();
        assertThat(TokenAmounts.fee(1_000_000, 250)).isEqualTo(25_000);
        assertThat(TokenAmounts.fee(39, 250)).isZero();
        assertThat(TokenAmounts.fee(10_000_000_000L, 10_000)).isEqualTo(10_000_000_000L);
    }

    private static void assertInvalid(String amount) {
        assertThatThrownBy(() -> TokenAmounts.toBaseUnits(new BigDecimal(amount), 6, MIN, MAX))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.INVALID_AMOUNT));
    }
}
