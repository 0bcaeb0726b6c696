package dev.murmur.web;

import dev.murmur.post.service.PostLabels;
import dev.murmur.problem.ApiException;
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
import java.util.Map;
import java.util.Objects;

/** The notifications page and "mark all read", over {@link NotificationFeed}. */
@Path("/notifications")
@Produces(MediaType.TEXT_HTML)
@Authenticated
public class NotificationPages {

    /**
     * A notification in words: "ada and 3 others liked your post", and the post it is about by the
     * start of its text ({@code postLabel}; null when there is no post).
     */
    public record Line(String kind, String icon, String firstHandle, String who, String what, Long postId, String postLabel,
                       PostCard.When when, boolean read) {
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

    public NotificationPages(NotificationFeed feed, PostLabels postLabels, PostCards cards, WebContext context, WebErrors errors) {
        this.feed = feed;
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
        String first = item.actorHandles().isEmpty() ? null : item.actorHandles().getFirst();
        String name = item.actorNames().isEmpty() ? first : item.actorNames().getFirst();
        long others = item.count() - 1;
        String who = name == null ? "Someone" : others <= 0 ? name : name + " and " + others + (others == 1 ? " other" : " others");
        String kind = item.kind() == null ? "" : item.kind().toLowerCase();
        String what = switch (kind) {
            case "like" -> "liked your post";
            case "repost" -> "reposted your post";
            case "reply" -> "replied to your post";
            case "quote" -> "quoted your post";
            case "mention" -> "mentioned you";
            case "follow" -> "followed you";
            case "tip" -> "tipped you";
            case "trend_credit", "trend-credit" -> "— you earned trend credit";
            case "earnings_settled" -> "— a batch settled your earnings";
            default -> kind.replace('_', ' ');
        };
        String icon = switch (kind) {
            case "like" -> "♥";
            case "repost" -> "↻";
            case "reply", "mention" -> "💬";
            case "quote" -> "❝";
            case "follow" -> "+";
            default -> "•";
        };
        return new Line(kind, icon, first, who, what, item.postId(), item.postId() == null ? null : labels.get(item.postId()),
                cards.when(item.createdAt()), item.read());
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
