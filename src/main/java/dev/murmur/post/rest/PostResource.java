package dev.murmur.post.rest;

import dev.murmur.account.security.CurrentAccount;
import dev.murmur.post.service.PostService;
import dev.murmur.timeline.PostView;
import dev.murmur.timeline.service.TimelineService;
import io.quarkus.security.Authenticated;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
@Authenticated
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

    @DELETE
    @Path("/{id}")
    public void delete(@PathParam("id") long id) {
        posts.delete(current.id(), id);
    }

    @PUT
    @Path("/{id}/repost")
    public RepostState repost(@PathParam("id") long id) {
        return new RepostState(posts.repost(current.id(), id), true);
    }

    @DELETE
    @Path("/{id}/repost")
    public RepostState unrepost(@PathParam("id") long id) {
        return new RepostState(posts.unrepost(current.id(), id), false);
    }
}
