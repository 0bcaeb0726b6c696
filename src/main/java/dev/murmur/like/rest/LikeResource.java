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

    @PUT
    public LikeService.LikeState like(@PathParam("id") long id) {
        return likes.like(current.id(), id);
    }

    @DELETE
    public LikeService.LikeState unlike(@PathParam("id") long id) {
        return likes.unlike(current.id(), id);
    }
}
