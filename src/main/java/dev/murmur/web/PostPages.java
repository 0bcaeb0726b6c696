package dev.murmur.web;

import dev.murmur.like.service.LikeService;
import dev.murmur.post.service.PostService;
import dev.murmur.problem.ApiException;
import dev.murmur.timeline.Page;
import dev.murmur.timeline.PostView;
import dev.murmur.timeline.Thread;
import dev.murmur.timeline.service.TimelineService;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.quarkus.security.UnauthorizedException;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/** Home, compose, a thread, and what a reader does to a post: like, repost, delete. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class PostPages {

    static final int PAGE = 20;

    @CheckedTemplate(basePath = "web", requireTypeSafeExpressions = false)
    static class Templates {
        static native TemplateInstance home(Chrome chrome, List<PostCard> cards, String next, ComposeForm compose);

        static native TemplateInstance feed(List<PostCard> cards, String next);

        static native TemplateInstance thread(Chrome chrome, List<PostCard> ancestors, PostCard post, List<PostCard> cards,
                                              String next, ComposeForm compose);

        static native TemplateInstance compose(Chrome chrome, ComposeForm compose);

        static native TemplateInstance posted(ComposeForm compose, PostCard card);

        static native TemplateInstance composeform(ComposeForm compose);

        static native TemplateInstance card(PostCard card);

        static native TemplateInstance actions(PostCard card);
    }

    private final TimelineService timelines;
    private final PostService posts;
    private final LikeService likes;
    private final PostService.PostConfig postConfig;
    private final PostCards cards;
    private final WebContext context;
    private final WebErrors errors;

    public PostPages(TimelineService timelines, PostService posts, LikeService likes, PostService.PostConfig postConfig,
                     PostCards cards, WebContext context, WebErrors errors) {
        this.timelines = timelines;
        this.posts = posts;
        this.likes = likes;
        this.postConfig = postConfig;
        this.cards = cards;
        this.context = context;
        this.errors = errors;
    }

    /** Home for a signed-in reader; everyone else is asked to log in. */
    @GET
    @PermitAll
    public Response home() {
        Optional<Long> viewer = context.viewer();
        if (viewer.isEmpty()) {
            return Response.seeOther(URI.create("/login")).build();
        }
        Page<PostView> page = timelines.home(viewer.get(), null, PAGE);
        return AuthPages.html(Templates.home(context.chrome("home"), cards.cards(page.items(), viewer),
                next("/feed", page), ComposeForm.empty(null, null, postConfig.maxGraphemes(), null, null)), 200);
    }

    /** The next page of home, for infinite scroll. */
    @GET
    @Path("feed")
    @Authenticated
    public String feed(@QueryParam("cursor") String cursor) {
        Page<PostView> page = timelines.home(context.me(), cursor, PAGE);
        return Templates.feed(cards.cards(page.items(), context.viewer()), next("/feed", page)).render();
    }

    @GET
    @Path("p/{id}")
    @PermitAll
    public String thread(@PathParam("id") long id, @QueryParam("cursor") String cursor) {
        Optional<Long> viewer = context.viewer();
        Thread thread = timelines.thread(id, viewer, cursor, PAGE);
        List<PostCard> replies = cards.cards(thread.replies().items(), viewer);
        String next = thread.replies().nextCursor() == null ? null : "/p/" + id + "?cursor=" + thread.replies().nextCursor();
        if (cursor != null) {
            return Templates.feed(replies, next).render();
        }
        PostCard post = cards.card(thread.post(), viewer);
        ComposeForm reply = viewer.isPresent() && !post.hidden()
                ? ComposeForm.empty(post.id(), null, postConfig.maxGraphemes(), null, null) : null;
        return Templates.thread(context.chrome(""), cards.cards(thread.ancestors(), viewer), post, replies, next, reply).render();
    }

    /** A page of its own for a reply or a quote, with the post it answers above the box. */
    @GET
    @Path("compose")
    @Authenticated
    public String composePage(@QueryParam("replyTo") Long replyTo, @QueryParam("quoteOf") Long quoteOf) {
        Long target = replyTo != null ? replyTo : quoteOf;
        PostCard about = target == null ? null : cards.card(timelines.single(target, context.viewer()), context.viewer());
        return Templates.compose(context.chrome("compose"),
                ComposeForm.empty(replyTo, quoteOf, postConfig.maxGraphemes(), about, null)).render();
    }

    /**
     * Posts through the same service as POST /api/posts, with the form's Idempotency-Key. On
     * success: a fresh box, and the new post for the list on the page. Refused: the box again with
     * the text as typed and the reason next to it.
     */
    @POST
    @Path("posts")
    @Authenticated
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@FormParam("text") String text, @FormParam("replyTo") Long replyTo,
                           @FormParam("quoteOf") Long quoteOf, @HeaderParam("Idempotency-Key") String key,
                           @FormParam("standalone") boolean standalone) {
        long me = context.me();
        ComposeForm typed = new ComposeForm(text, replyTo, quoteOf, key, FormErrors.NONE, null, postConfig.maxGraphemes(), null);
        try {
            PostService.Created created = posts.create(me, new PostService.Draft(text, replyTo, quoteOf), Optional.ofNullable(key));
            if (standalone) {
                long shown = replyTo != null ? replyTo : created.post().id;
                return Response.noContent().header("HX-Redirect", "/p/" + shown).build();
            }
            PostCard card = cards.card(timelines.single(created.post().id, Optional.of(me)), Optional.of(me));
            return AuthPages.html(Templates.posted(ComposeForm.empty(replyTo, quoteOf, postConfig.maxGraphemes(), null,
                    created.replayed() ? "Already posted." : "Posted."), card), 200);
        } catch (ApiException e) {
            ComposeForm refused = new ComposeForm(text, replyTo, quoteOf, key, FormErrors.of(e), null,
                    postConfig.maxGraphemes(), null);
            return AuthPages.html(Templates.composeform(refused), e.type().status());
        }
    }

    @POST
    @Path("posts/{id}/like")
    @Authenticated
    public String like(@PathParam("id") long id) {
        likes.like(context.me(), id);
        return actions(id);
    }

    @POST
    @Path("posts/{id}/unlike")
    @Authenticated
    public String unlike(@PathParam("id") long id) {
        likes.unlike(context.me(), id);
        return actions(id);
    }

    @POST
    @Path("posts/{id}/repost")
    @Authenticated
    public String repost(@PathParam("id") long id) {
        posts.repost(context.me(), id);
        return actions(id);
    }

    @POST
    @Path("posts/{id}/unrepost")
    @Authenticated
    public String unrepost(@PathParam("id") long id) {
        posts.unrepost(context.me(), id);
        return actions(id);
    }

    /** Deletes the reader's own post; the card becomes its tombstone. */
    @POST
    @Path("posts/{id}/delete")
    @Authenticated
    public String delete(@PathParam("id") long id) {
        posts.delete(context.me(), id);
        return Templates.card(cards.card(timelines.single(id, context.viewer()), context.viewer())).render();
    }

    private String actions(long id) {
        return Templates.actions(cards.card(timelines.single(id, context.viewer()), context.viewer())).render();
    }

    static String next(String path, Page<?> page) {
        return page.nextCursor() == null ? null
                : path + (path.contains("?") ? "&" : "?") + "cursor=" + WebPaths.segment(page.nextCursor());
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
