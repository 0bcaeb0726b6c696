package dev.murmur.web;

import dev.murmur.post.service.PostLabels;
import dev.murmur.problem.ApiException;
import dev.murmur.tip.service.TipConfig;
import dev.murmur.tip.service.TokenAmounts;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** The notifications page and "mark all read", over {@link NotificationFeed}. */
@Path("/notifications")
@Produces(MediaType.TEXT_HTML)
@Authenticated
public class NotificationPages {

    /**
     * A notification in words: who acted ({@code who}, linked to {@code firstHandle}; null when nobody
     * did, as for a trend credit) and {@code what}, then what it is about: {@code href} with its
     * {@code linkText} ("ada liked your post: gm everyone"), or, without a text, {@code what} itself
     * is the link ("2.5 tokens of your earnings were settled on chain").
     */
    public record Line(String kind, String icon, String firstHandle, String who, String what, String href, String linkText,
                       PostCard.When when, boolean read) {

        /** The whole line as one sentence, for the card's accessible name. */
        public String label() {
            return (who == null ? "" : who + " ") + what + (linkText == null ? "" : ": " + linkText);
        }
    }

    @CheckedTemplate(basePath = "web", requireTypeSafeExpressions = false)
    static class Templates {
        static native TemplateInstance notifications(Chrome chrome, boolean available, List<Line> lines, String next);

        static native TemplateInstance notifications$list(List<Line> lines, String next);
    }

    private final NotificationFeed feed;
    private final PostLabels postLabels;
    private final PostCards cards;
    private final WebContext context;
    private final WebErrors errors;
    private final TipConfig tipConfig;

    public NotificationPages(NotificationFeed feed, PostLabels postLabels, PostCards cards, WebContext context, WebErrors errors,
                             TipConfig tipConfig) {
        this.feed = feed;
        this.tipConfig = tipConfig;
        this.postLabels = postLabels;
        this.cards = cards;
        this.context = context;
        this.errors = errors;
    }

    @GET
    public String page(@QueryParam("cursor") String cursor) {
        NotificationFeed.Page page = feed.page(context.me(), cursor, 30);
        Map<Long, String> labels = postLabels.of(page.items().stream().map(NotificationFeed.Item::postId).filter(Objects::nonNull).toList());
        List<Line> lines = page.items().stream().map(item -> line(item, labels)).toList();
        String next = page.nextCursor() == null ? null : "/notifications?cursor=" + WebPaths.segment(page.nextCursor());
        if (cursor != null) {
            return Templates.notifications$list(lines, next).render();
        }
        return Templates.notifications(context.chrome("notifications"), feed.available(), lines, next).render();
    }

    @POST
    @Path("read")
    public Response markRead() {
        feed.markRead(context.me());
        return Response.noContent().header("HX-Refresh", "true").build();
    }

    private Line line(NotificationFeed.Item item, Map<Long, String> labels) {
        String kind = item.kind() == null ? "" : item.kind().toLowerCase(Locale.ROOT);
        PostCard.When when = cards.when(item.createdAt());
        if (kind.equals("trend_credit")) {
            String href = item.trendId() == null ? null : "/trends/" + WebPaths.segment(item.trendId());
            return new Line(kind, "↗", null, null, "You earned " + credits(item.amount()) + " from a trend", href,
                    item.tag() == null ? null : "#" + item.tag(), when, item.read());
        }
        if (kind.equals("earnings_settled")) {
            return new Line(kind, "¤", null, null, tokens(item.amount()) + " of your earnings were settled on chain", "/earnings",
                    null, when, item.read());
        }
        String first = item.actorHandles().isEmpty() ? null : item.actorHandles().getFirst();
        String name = item.actorNames().isEmpty() ? first : item.actorNames().getFirst();
        long others = item.count() - 1;
        String who = name == null ? "Someone" : others <= 0 ? name : name + " and " + others + (others == 1 ? " other" : " others");
        String what = switch (kind) {
            case "like" -> "liked your post";
            case "repost" -> "reposted your post";
            case "reply" -> "replied to your post";
            case "quote" -> "quoted your post";
            case "mention" -> "mentioned you";
            case "follow" -> "followed you";
            case "tip" -> item.amount() == null ? "tipped you" : "tipped you " + tokens(item.amount());
            default -> kind.replace('_', ' ');
        };
        String icon = switch (kind) {
            case "like" -> "♥";
            case "repost" -> "↻";
            case "reply", "mention" -> "💬";
            case "quote" -> "❝";
            case "follow" -> "+";
            case "tip" -> "¤";
            default -> "•";
        };
        return new Line(kind, icon, first, who, what, item.postId() == null ? null : "/p/" + item.postId(),
                item.postId() == null ? null : labels.get(item.postId()), when, item.read());
    }

    /** Token base units as the earnings page writes them: "2.5 tokens". */
    private String tokens(Long baseUnits) {
        String amount = TokenAmounts.toTokens(baseUnits == null ? 0 : baseUnits, tipConfig.tokenDecimals());
        return amount + (amount.equals("1") ? " token" : " tokens");
    }

    private static String credits(Long credits) {
        return credits == null ? "credits" : credits + (credits == 1 ? " credit" : " credits");
    }

    @ServerExceptionMapper
    public Response mapApi(ApiException e, HttpHeaders headers) {
        return errors.api(e, headers);
    }

    @ServerExceptionMapper
    public Response mapUnauthorized(UnauthorizedException e, HttpHeaders headers) {
        return errors.unauthorized(e, headers);
    }
}
