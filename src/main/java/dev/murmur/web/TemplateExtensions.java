package dev.murmur.web;

import dev.murmur.timeline.profile.ProfileView;
import dev.murmur.tip.service.TokenAmounts;
import dev.murmur.trend.service.TrendService;
import io.quarkus.qute.TemplateExtension;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Small formatting helpers the templates call as properties ({@code {role.label}}, {@code {share.percent}}). */
@TemplateExtension
final class TemplateExtensions {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private TemplateExtensions() {
    }

    /** SPAM -> "spam", ORIGINATOR -> "originator", EARLY_AMPLIFIER -> "early amplifier". */
    static String label(String name) {
        return name == null ? "" : name.toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** Basis points as a percentage: 1250 -> "12.5%". */
    static String percent(TrendService.ShareView share) {
        return (share.bps() % 100 == 0 ? Integer.toString(share.bps() / 100)
                : String.format(Locale.ROOT, "%.2f", share.bps() / 100.0).replaceAll("0$", "")) + "%";
    }

    static String rounded(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    static String day(Instant at) {
        return at == null ? "" : DAY.format(at);
    }

    /** Base units as tokens ({@code {p.tips.tokens(breakdown.decimals)}}), the way the earnings totals read. */
    static String tokens(long baseUnits, int decimals) {
        return TokenAmounts.toTokens(baseUnits, decimals);
    }

    static String initial(ProfileView profile) {
        String name = profile.displayName() == null || profile.displayName().isBlank() ? profile.handle() : profile.displayName();
        return name.substring(0, name.offsetByCodePoints(0, 1)).toUpperCase(Locale.ROOT);
    }
}
