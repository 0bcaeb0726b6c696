package dev.murmur.like.rest;

import dev.murmur.account.security.CurrentAccount;
import dev.murmur.like.service.LikeService;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.concurrent.CompletionStage;

/** PUT likes, DELETE unlikes; both are idempotent. */
@Path("/api/posts/{id}/like")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class LikeResource {

    private final LikeService likes;
    private final CurrentAccount current;

    public LikeResource(LikeService likes, CurrentAccount current) {
        this.likes = likes;
        this.current = current;
    }

    /**
     * Asynchronous: the like waits for its batch's commit (LikeCommits) without holding a worker
     * thread, and the answer goes out from the event loop when the commit completes it.
     */
    @PUT
    public CompletionStage<LikeService.LikeState> like(@PathParam("id") long id) {
        return likes.submitLike(current.id(), id);
    }

    @DELETE
    public LikeService.LikeState unlike(@PathParam("id") long id) {
        return likes.unlike(current.id(), id);
    }
}
