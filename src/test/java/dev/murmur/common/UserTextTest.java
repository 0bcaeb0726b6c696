package dev.murmur.common;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UserTextTest {

    @Test
    void shouldCountUserPerceivedCharacters() {
        assertThat(UserText.graphemeCount("👩‍👩‍👧")).isEqualTo(1);
        assertThat(UserText.graphemeCount("e\u0301")).isEqualTo(1);
        assertThat(UserText.graphemeCount("🇫🇷🇩🇪")).isEqualTo(2);
        assertThat(UserText.graphemeCount("👍🏽")).isEqualTo(1);
        assertThat(UserText.graphemeCount("abc")).isEqualTo(3);
    }

    @Test
    void shouldRejectControlCharactersButAllowNewlinesTabsAndJoiners() {
        assertThat(UserText.hasForbiddenControl("a\u0000b")).isTrue();
        assertThat(UserText.hasForbiddenControl("a\u007Fb")).isTrue();
        assertThat(UserText.hasForbiddenControl("line\nnext\tcol")).isFalse();
        assertThat(UserText.hasForbiddenControl("👩‍👩‍👧")).isFalse();
    }

    @Test
    void shouldTreatInvisibleSpacesAsBlank() {
        assertThat(UserText.isBlank(" \u3000\u200B\u00A0\n")).isTrue();
        assertThat(UserText.isBlank(" a ")).isFalse();
    }

    @Test
    void shouldComposeToNfc() {
        assertThat(UserText.nfc("e\u0301")).isEqualTo("\u00e9");
    }
}
