package dev.murmur.common;

import dev.murmur.problem.ApiException;
import dev.murmur.problem.ProblemType;

import java.text.BreakIterator;
import java.text.Normalizer;

/**
 * Rules for text that people type: NFC normalisation, forbidden control characters, and length
 * in user-perceived characters (extended grapheme clusters, as JDK 20+ BreakIterator counts them).
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
        return text.codePoints().allMatch(cp -> Character.isWhitespace(cp) || Character.isSpaceChar(cp)
                || cp == 0x200B || cp == 0x2060 || cp == 0xFEFF);
    }

    /**
     * A field someone typed, cleaned: NFC, stripped. Refused with {@code validation-failed} on
     * {@code field} when missing, when it holds a forbidden control character, or when it is longer
     * than {@code maxGraphemes} user-perceived characters.
     */
    public static String clean(String field, String value, int maxGraphemes) {
        if (value == null) {
            throw ApiException.field(ProblemType.VALIDATION_FAILED, field, "is required");
        }
        String text = nfc(value).strip();
        if (hasForbiddenControl(text)) {
            throw ApiException.field(ProblemType.VALIDATION_FAILED, field, "must not contain control characters");
        }
        if (graphemeCount(text) > maxGraphemes) {
            throw ApiException.field(ProblemType.VALIDATION_FAILED, field, "must be at most " + maxGraphemes + " characters");
        }
        return text;
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
