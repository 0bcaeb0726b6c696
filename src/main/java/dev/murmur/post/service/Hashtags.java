package dev.murmur.post.service;

import java.text.Normalizer;
import java.util.Locale;

/**
 * How hashtags are matched: NFKC (so fullwidth and compatibility forms merge), then a full case
 * fold (upper-then-lower maps ß to ss and final sigma to sigma), then NFKC again because folding
 * can denormalise. "#Straße", "#STRASSE" and "#ｓｔｒａｓｓｅ" are one tag.
 */
public final class Hashtags {

    private Hashtags() {
    }

    public static String normalize(String tag) {
        String compatible = Normalizer.normalize(tag, Normalizer.Form.NFKC);
        String folded = compatible.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
        return Normalizer.normalize(folded, Normalizer.Form.NFKC);
    }

    /**
     * The key trends count a tag under: {@link #normalize}, then without underscores, so the
     * spelling variants "#Climate_Change", "#climatechange" and "#ＣＬＩＭＡＴＥ＿ＣＨＡＮＧＥ" are one trend.
     */
    public static String trendKey(String tag) {
        return normalize(tag).replace("_", "");
    }
}
