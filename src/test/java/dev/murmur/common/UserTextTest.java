package dev.murmur.common;

import dev.murmur.problem.ApiException;
import dev.murmur.problem.ProblemType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void shouldCutAnExcerptAtAGraphemeBoundaryOnOneLine() {
        assertThat(UserText.excerpt("short", 10)).isEqualTo("short");
        assertThat(UserText.excerpt("exactly10!", 10)).isEqualTo("exactly10!");
        assertThat(UserText.excerpt("exactly 11!", 10)).isEqualTo("exactly 11…");
        assertThat(UserText.excerpt("  two\n\nlines\tand  tabs ", 30)).isEqualTo("two lines and tabs");
        assertThat(UserText.excerpt("ab 👩‍👩‍👧👩‍👩‍👧 more", 4)).isEqualTo("ab 👩‍👩‍👧…"); // the family stays whole
        assertThat(UserText.excerpt("cafe\u0301 au lait", 4)).isEqualTo("cafe\u0301…");
        assertThat(UserText.excerpt("word then", 5)).isEqualTo("word…"); // no space before the ellipsis
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

    @Test
    void shouldTreatTextOfOnlyZeroWidthAndJoinerCharactersAsBlank() {
        for (String invisible : new String[] {"\u200B", "\u200C", "\u200D", "\u180E", "\u2060", "\uFEFF", "\u200C\u200D\u180E"}) {
            assertThat(UserText.isBlank(invisible)).as("U+%04X", (int) invisible.charAt(0)).isTrue();
        }
        assertThat(UserText.isBlank("a\u200Db")).isFalse();
    }

    @Test
    void shouldRefuseFieldsThatShowNothing() {
        assertThatThrownBy(() -> UserText.clean("bio", "\u200C\u200D", 300))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.VALIDATION_FAILED));
        assertThat(UserText.clean("bio", "", 300)).isEmpty();
        assertThat(UserText.clean("bio", "👩\u200D👩\u200D👧", 300)).isEqualTo("👩\u200D👩\u200D👧");
    }

    @Test
    void shouldRefuseDirectionOverridesAndIsolates() {
        for (int cp : new int[] {0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069}) {
            String text = "abc" + Character.toString(cp) + "def";
            assertThat(UserText.hasDirectionControl(text)).as("U+%04X", cp).isTrue();
            assertThatThrownBy(() -> UserText.clean("displayName", text, 64))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.VALIDATION_FAILED));
        }
        // Marks change no order on their own, and right-to-left scripts need no control characters.
        assertThat(UserText.hasDirectionControl("abc\u200E\u200F\u061C")).isFalse();
        assertThat(UserText.hasDirectionControl("שלום עולם")).isFalse();
    }
}
