package dev.murmur.web;

import dev.murmur.timeline.PostView;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns the API's post views into {@link PostCard}s. Facets become links from their stored UTF-8
 * byte spans (decision 0005), never by parsing the text again; only http and https URLs become
 * links. The text stays text: templates escape every segment.
 */
@ApplicationScoped
public class PostCards {

    private static final DateTimeFormatter EXACT = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SAME_YEAR = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter OTHER_YEAR = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final Clock clock;

    public PostCards(Clock clock) {
        this.clock = clock;
    }

    public List<PostCard> cards(List<PostView> views, Optional<Long> viewer) {
        return views.stream().map(v -> card(v, viewer)).toList();
    }

    public PostCard card(PostView view, Optional<Long> viewer) {
        if (Boolean.TRUE.equals(view.unavailable())) {
            return hiddenCard(view.id(), true);
        }
        if (view.repostOf() != null) {
            PostCard original = card(view.repostOf(), viewer);
            return new PostCard(view.id(), original.id(), original.kind(), original.handle(), original.displayName(),
                    original.text(), original.deleted(), original.unavailable(), view.author().handle(), original.quote(),
                    original.replyParentId(), original.likes(), original.reposts(), original.replies(), original.quotes(),
                    original.liked(), original.reposted(), original.mine(), original.signedIn(), original.when());
        }
        PostView.Counts counts = view.counts();
        boolean deleted = Boolean.TRUE.equals(view.deleted());
        return new PostCard(view.id(), view.id(), view.kind(), view.author().handle(), view.author().displayName(),
                deleted ? List.of() : segments(view.text(), view.facets()), deleted, false, null,
                view.quote() == null ? null : card(view.quote(), viewer), view.replyParentId(),
                counts == null ? 0 : counts.likes(), counts == null ? 0 : counts.reposts(),
                counts == null ? 0 : counts.replies(), counts == null ? 0 : counts.quotes(),
                view.viewer() != null && view.viewer().liked(), view.viewer() != null && view.viewer().reposted(),
                viewer.isPresent() && viewer.get() == view.author().id(), viewer.isPresent(), when(view.createdAt()));
    }

    private static PostCard hiddenCard(long id, boolean unavailable) {
        return new PostCard(id, id, null, null, null, List.of(), !unavailable, unavailable, null, null, null,
                0, 0, 0, 0, false, false, false, false, null);
    }

    /** Cuts the text at the facets' byte spans; a span that does not fit the text is left as text. */
    static List<PostCard.Segment> segments(String text, List<PostView.FacetView> facets) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        List<PostCard.Segment> out = new ArrayList<>();
        int at = 0;
        for (PostView.FacetView f : facets == null ? List.<PostView.FacetView>of() : facets) {
            if (f.byteStart() < at || f.byteEnd() > bytes.length || f.byteStart() >= f.byteEnd()) {
                continue;
            }
            String href = href(f);
            if (href == null) {
                continue;
            }
            if (f.byteStart() > at) {
                out.add(new PostCard.Segment(new String(bytes, at, f.byteStart() - at, StandardCharsets.UTF_8), null, null));
            }
            out.add(new PostCard.Segment(new String(bytes, f.byteStart(), f.byteEnd() - f.byteStart(), StandardCharsets.UTF_8),
                    href, f.type()));
            at = f.byteEnd();
        }
        if (at < bytes.length) {
            out.add(new PostCard.Segment(new String(bytes, at, bytes.length - at, StandardCharsets.UTF_8), null, null));
        }
        return out;
    }

    private static String href(PostView.FacetView f) {
        return switch (f.type()) {
            case "hashtag" -> f.tag() == null ? null : "/tag/" + WebPaths.segment(f.tag());
            case "mention" -> f.handle() == null ? null : "/u/" + WebPaths.segment(f.handle());
            case "link" -> safeLink(f.uri());
            default -> null;
        };
    }

    /** Only absolute http and https URLs; javascript:, data: and the rest stay text. */
    static String safeLink(String uri) {
        if (uri == null) {
            return null;
        }
        try {
            URI parsed = new URI(uri);
            String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && parsed.getHost() != null ? parsed.toASCIIString() : null;
        } catch (Exception e) {
            return null;
        }
    }

    public PostCard.When when(Instant at) {
        if (at == null) {
            return new PostCard.When("", "", "");
        }
        Instant now = clock.instant();
        Duration age = Duration.between(at, now);
        String relative;
        if (age.toSeconds() < 60) {
            relative = "now";
        } else if (age.toMinutes() < 60) {
            relative = age.toMinutes() + "m";
        } else if (age.toHours() < 24) {
            relative = age.toHours() + "h";
        } else if (age.toDays() < 7) {
            relative = age.toDays() + "d";
        } else if (at.atZone(ZoneOffset.UTC).getYear() == now.atZone(ZoneOffset.UTC).getYear()) {
            relative = SAME_YEAR.format(at);
        } else {
            relative = OTHER_YEAR.format(at);
        }
        return new PostCard.When(relative, EXACT.format(at), at.toString());
    }
}
