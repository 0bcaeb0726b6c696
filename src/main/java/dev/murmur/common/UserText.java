package dev.murmur.common;

import dev.murmur.problem.ApiException;
import dev.murmur.problem.ProblemType;

import java.text.BreakIterator;
import java.text.Normalizer;

/**
 * Rules for text that people type: NFC normalisation, forbidden control characters, and length
 * in user-perceived characters (extended grapheme clusters, as JDK 20+ BreakIterator counts them).
 *
 * <p>Text that shows nothing is empty: white space and the invisible format characters of
 * {@link #isInvisible} count as blank. Bidirectional embeddings, overrides and isolates are refused,
 * never stripped, so what a reader sees is the order the author typed (docs/decisions/0602-*).
 */
public final class UserText {

    private UserText() {
    }

    public static String nfc(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFC);
    }

    /** Control characters (Unicode Cc) other than line feed and tab. NUL is one of them. */
    public static boolean hasForbiddenControl(String text) {
        return text.codePoints().anyMatch(cp -> Character.getType(cp) == Character.CONTROL && cp != '\n' && cp != '\t');
    }

    public static boolean isBlank(String text) {
        return text.codePoints().allMatch(cp -> Character.isWhitespace(cp) || Character.isSpaceChar(cp) || isInvisible(cp));
    }

    /**
     * Zero-width and joiner characters that render as nothing on their own: zero width space,
     * non-joiner and joiner (U+200B-U+200D), Mongolian vowel separator (U+180E), word joiner
     * (U+2060) and the zero width no-break space / BOM (U+FEFF). Allowed inside text (a joiner
     * builds emoji families, a non-joiner is needed in Persian), but text of nothing else is blank.
     */
    public static boolean isInvisible(int cp) {
        return cp >= 0x200B && cp <= 0x200D || cp == 0x180E || cp == 0x2060 || cp == 0xFEFF;
    }

    /**
     * Bidirectional embeddings and overrides (U+202A-U+202E) and isolates (U+2066-U+2069): they
     * make text display in an order other than the one it is stored in ("Trojan Source"). The
     * marks U+200E, U+200F and U+061C stay allowed: they change no order on their own.
     */
    public static boolean hasDirectionControl(String text) {
        return text.codePoints().anyMatch(cp -> cp >= 0x202A && cp <= 0x202E || cp >= 0x2066 && cp <= 0x2069);
    }

    /**
     * The checks every typed text shares, on text already NFC and stripped: no forbidden control
     * character, no direction control. Refused as {@code type} on {@code field}.
     */
    public static void requirePlain(String field, String text, ProblemType type) {
        if (hasForbiddenControl(text)) {
            throw ApiException.field(type, field, "must not contain control characters");
        }
        if (hasDirectionControl(text)) {
            throw ApiException.field(type, field, "must not contain bidirectional override or isolate characters (U+202A-U+202E, U+2066-U+2069)");
        }
    }

    /**
     * A field someone typed, cleaned: NFC, stripped. Refused with {@code validation-failed} on
     * {@code field} when missing, when it holds a forbidden control character or a direction
     * control, when it is not empty but shows nothing (only invisible characters), or when it is
     * longer than {@code maxGraphemes} user-perceived characters. An empty value stays allowed
     * (clearing a bio); callers that need text refuse it themselves.
     */
    public static String clean(String field, String value, int maxGraphemes) {
        if (value == null) {
            throw ApiException.field(ProblemType.VALIDATION_FAILED, field, "is required");
        }
        String text = nfc(value).strip();
        requirePlain(field, text, ProblemType.VALIDATION_FAILED);
        if (!text.isEmpty() && isBlank(text)) {
            throw ApiException.field(ProblemType.VALIDATION_FAILED, field, "must not be only invisible characters");
        }
        if (graphemeCount(text) > maxGraphemes) {
            throw ApiException.field(ProblemType.VALIDATION_FAILED, field, "must be at most " + maxGraphemes + " characters");
        }
        return text;
    }

    /**
     * The start of {@code text} for a one-line label: runs of white space (line breaks among them)
     * become one space, and text longer than {@code maxGraphemes} user-perceived characters is cut
     * at a grapheme boundary and ends in an ellipsis, so no emoji or accent is split.
     */
    public static String excerpt(String text, int maxGraphemes) {
        String line = text.strip().replaceAll("\\s+", " ");
        BreakIterator it = BreakIterator.getCharacterInstance();
        it.setText(line);
        int end = 0;
        for (int i = 0; i < maxGraphemes; i++) {
            int next = it.next();
            if (next == BreakIterator.DONE) {
                return line;
            }
            end = next;
        }
        return it.next() == BreakIterator.DONE ? line : line.substring(0, end).stripTrailing() + "…";
    }

    public static int graphemeCount(String text) {
        BreakIterator it = BreakIterator.getCharacterInstance();
        it.setText(text);
        int count = 0;
        while (it.next() != BreakIterator.DONE) {
            count++;
        }
        return count;
    }
}
