package dev.murmur.web;

import dev.murmur.problem.ApiException;
import dev.murmur.timeline.Page;
import dev.murmur.timeline.PostView;
import dev.murmur.timeline.service.TimelineService;
import dev.murmur.trend.service.TrendService;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.UnauthorizedException;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.Optional;

/** Hashtags, search and trends: pages anyone may read. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
@PermitAll
public class ExplorePages {

    @CheckedTemplate(basePath = "web", requireTypeSafeExpressions = false)
    static class Templates {
        static native TemplateInstance tag(Chrome chrome, String tag, List<PostCard> cards, String next);

        static native TemplateInstance search(Chrome chrome, String q, List<PostCard> cards, String next, String error);

        static native TemplateInstance trends(Chrome chrome, List<TrendService.TrendSummary> rising,
                                              List<TrendService.TrendSummary> ended);

        static native TemplateInstance trend(Chrome chrome, TrendService.TrendDetail detail);
    }

    private final TimelineService timelines;
    private final TrendService trends;
    private final PostCards cards;
    private final WebContext context;
    private final WebErrors errors;

    public ExplorePages(TimelineService timelines, TrendService trends, PostCards cards, WebContext context, WebErrors errors) {
        this.timelines = timelines;
        this.trends = trends;
        this.cards = cards;
        this.context = context;
        this.errors = errors;
    }

    @GET
    @Path("tag/{tag}")
    public String tag(@PathParam("tag") String tag, @QueryParam("cursor") String cursor) {
        Optional<Long> viewer = context.viewer();
        Page<PostView> page = timelines.hashtag(tag, viewer, cursor, PostPages.PAGE);
        String next = PostPages.next("/tag/" + WebPaths.segment(tag), page);
        List<PostCard> shown = cards.cards(page.items(), viewer);
        if (cursor != null) {
            return PostPages.Templates.feed(shown, next).render();
        }
        return Templates.tag(context.chrome("explore"), tag.startsWith("#") ? tag.substring(1) : tag, shown, next).render();
    }

    /** Search with the API's syntax; an empty query shows the page with its hint. */
    @GET
    @Path("search")
    public String search(@QueryParam("q") String q, @QueryParam("cursor") String cursor) {
        Optional<Long> viewer = context.viewer();
        if (q == null || q.isBlank()) {
            return Templates.search(context.chrome("explore"), "", null, null, null).render();
        }
        try {
            Page<PostView> page = timelines.search(q, viewer, cursor, PostPages.PAGE);
            String next = PostPages.next("/search?q=" + WebPaths.segment(q), page);
            List<PostCard> shown = cards.cards(page.items(), viewer);
            if (cursor != null) {
                return PostPages.Templates.feed(shown, next).render();
            }
            return Templates.search(context.chrome("explore"), q, shown, next, null).render();
        } catch (ApiException e) {
            return Templates.search(context.chrome("explore"), q, null, null, FormErrors.sentence(e.type().title(), e.getMessage())).render();
        }
    }

    @GET
    @Path("trends")
    public String trends() {
        return Templates.trends(context.chrome("trends"), trends.current(20), trends.recentlyEnded(20)).render();
    }

    @GET
    @Path("trends/{id}")
    public String trend(@PathParam("id") String id) {
        return Templates.trend(context.chrome("trends"), trends.detail(id)).render();
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
