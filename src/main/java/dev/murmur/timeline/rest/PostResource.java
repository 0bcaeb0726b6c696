package dev.murmur.timeline.rest;

import jakarta.annotation.security.PermitAll;
import dev.murmur.account.security.CurrentAccount;
import dev.murmur.post.service.PostService;
import dev.murmur.timeline.PostView;
import dev.murmur.timeline.Thread;
import dev.murmur.timeline.service.TimelineService;
import io.quarkus.security.Authenticated;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;

import java.util.Optional;

@Path("/api/posts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PostResource {

    /** A new post; {@code replyTo} or {@code quoteOf} (not both) makes it a reply or a quote. */
    public record CreatePostRequest(String text, Long replyTo, Long quoteOf) {
    }

    public record RepostState(long postId, boolean reposted) {
    }

    private final PostService posts;
    private final TimelineService timelines;
    private final CurrentAccount current;

    public PostResource(PostService posts, TimelineService timelines, CurrentAccount current) {
        this.posts = posts;
        this.timelines = timelines;
        this.current = current;
    }

    /** Safe to retry with the same {@code Idempotency-Key}: the first post is returned again. */
    @Authenticated
    @POST
    public Response create(@NotNull CreatePostRequest request, @HeaderParam("Idempotency-Key") String idempotencyKey) {
        long me = current.id();
        PostService.Created created = posts.create(me,
                new PostService.Draft(request.text(), request.replyTo(), request.quoteOf()),
                Optional.ofNullable(idempotencyKey));
        PostView view = timelines.single(created.post().id, Optional.of(me));
        return Response.created(UriBuilder.fromPath("/api/posts/{id}").build(view.id()))
                .header("Idempotent-Replayed", created.replayed())
                .entity(view).build();
    }

    @Authenticated
    @DELETE
    @Path("/{id}")
    public void delete(@PathParam("id") long id) {
        posts.delete(current.id(), id);
    }

    @Authenticated
    @PUT
    @Path("/{id}/repost")
    public RepostState repost(@PathParam("id") long id) {
        return new RepostState(posts.repost(current.id(), id), true);
    }

    @Authenticated
    @DELETE
    @Path("/{id}/repost")
    public RepostState unrepost(@PathParam("id") long id) {
        return new RepostState(posts.unrepost(current.id(), id), false);
    }

    // Reads live here too: quarkus-rest routes /api/posts/* to this class only.
    @PermitAll
    @GET
    @Path("/{id}")
    public PostView post(@PathParam("id") long id) {
        return timelines.single(id, current.optionalId());
    }

    @PermitAll
    @GET
    @Path("/{id}/thread")
    public Thread thread(@PathParam("id") long id, @QueryParam("cursor") String cursor,
                         @QueryParam("limit") @DefaultValue("20") int limit) {
        return timelines.thread(id, current.optionalId(), cursor, limit);
    }
}
