package dev.murmur.limit;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RateTest {

    @Test
    void shouldReadCountsAndQuarkusDurations() {
        assertThat(Rate.of("20/1m")).isEqualTo(new Rate(20, Duration.ofMinutes(1)));
        assertThat(Rate.of("10 / 15m")).isEqualTo(new Rate(10, Duration.ofMinutes(15)));
        assertThat(Rate.of("5/PT1H")).isEqualTo(new Rate(5, Duration.ofHours(1)));
    }

    @Test
    void shouldRejectRatesThatAllowNothing() {
        assertThatThrownBy(() -> Rate.of("0/1m")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Rate.of("5/0s")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Rate.of("5")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldKeyIpv4AsItIsAndIpv6ByItsSlash64() {
        assertThat(ClientAddress.key("203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(ClientAddress.key("2001:db8:1:2:aaaa:bbbb:cccc:dddd"))
                .isEqualTo(ClientAddress.key("2001:db8:1:2::1"))
                .isEqualTo("2001:db8:1:2:0:0:0:0/64");
        assertThat(ClientAddress.key("2001:db8:1:3::1")).isNotEqualTo(ClientAddress.key("2001:db8:1:2::1"));
    }
}
