package dev.murmur.post.service;

import dev.murmur.post.Facet;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds hashtags, mentions and links in post text. Pure: mentions are resolved by the caller. */
public final class FacetParser {

    /** A span found in the text; {@code value} is the normalised tag, the handle or the URL. */
    public record Span(Facet.Kind kind, int byteStart, int byteEnd, String value) {
    }

    private static final Pattern HASHTAG = Pattern.compile("(?<![\\p{L}\\p{N}_&#＃])[#＃]([\\p{L}\\p{M}\\p{N}_]{1,64})(?![\\p{L}\\p{M}\\p{N}_])");
    private static final Pattern MENTION = Pattern.compile("(?<![\\p{L}\\p{N}_@.])@([A-Za-z0-9_]{3,30})(?![A-Za-z0-9_])");
    private static final Pattern LINK = Pattern.compile("(?<![\\p{L}\\p{N}])https?://[^\\s<>\"]{1,2040}", Pattern.CASE_INSENSITIVE);
    private static final String TRAILING_PUNCTUATION = ".,;:!?'\"";
    private static final String OPENERS = "([{";
    private static final String CLOSERS = ")]}";

    private FacetParser() {
    }

    public static List<Span> parse(String text) {
        List<Span> spans = new ArrayList<>();
        Matcher links = LINK.matcher(text);
        List<int[]> linkRanges = new ArrayList<>();
        while (links.find()) {
            int end = links.start() + linkLength(text.substring(links.start(), links.end()));
            linkRanges.add(new int[]{links.start(), end});
            spans.add(span(text, Facet.Kind.LINK, links.start(), end, text.substring(links.start(), end)));
        }
        Matcher tags = HASHTAG.matcher(text);
        while (tags.find()) {
            String tag = tags.group(1);
            // A run of digits is a number ("#1"), not a topic; and a '#' inside a URL is a fragment.
            if (tag.codePoints().allMatch(Character::isDigit) || insideAny(linkRanges, tags.start())) {
                continue;
            }
            spans.add(span(text, Facet.Kind.HASHTAG, tags.start(), tags.end(), Hashtags.normalize(tag)));
        }
        Matcher mentions = MENTION.matcher(text);
        while (mentions.find()) {
            if (!insideAny(linkRanges, mentions.start())) {
                spans.add(span(text, Facet.Kind.MENTION, mentions.start(), mentions.end(), mentions.group(1).toLowerCase()));
            }
        }
        spans.sort((a, b) -> Integer.compare(a.byteStart(), b.byteStart()));
        return spans;
    }

    /**
     * How much of a matched URL is the link: trailing sentence punctuation is not, and neither is a
     * closing bracket the URL did not open ("(see https://x.org/a)"), while a balanced one is part of
     * it ("https://en.wikipedia.org/wiki/Bug_(engineering)").
     */
    private static int linkLength(String url) {
        int end = url.length();
        while (end > 0) {
            char last = url.charAt(end - 1);
            int closer = CLOSERS.indexOf(last);
            boolean unbalanced = closer >= 0
                    && count(url, end, CLOSERS.charAt(closer)) > count(url, end, OPENERS.charAt(closer));
            if (!unbalanced && TRAILING_PUNCTUATION.indexOf(last) < 0) {
                return end;
            }
            end--;
        }
        return end;
    }

    private static long count(String s, int end, char c) {
        return s.substring(0, end).chars().filter(ch -> ch == c).count();
    }

    private static boolean insideAny(List<int[]> ranges, int index) {
        return ranges.stream().anyMatch(r -> index >= r[0] && index < r[1]);
    }

    private static Span span(String text, Facet.Kind kind, int start, int end, String value) {
        int byteStart = utf8Length(text.substring(0, start));
        return new Span(kind, byteStart, byteStart + utf8Length(text.substring(start, end)), value);
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
