package dev.murmur.social.rest;

import dev.murmur.account.security.CurrentAccount;
import dev.murmur.social.service.SocialGraph;
import dev.murmur.social.service.SocialGraph.Relationship;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Follow, block and mute another account. PUT does it, DELETE undoes it; both are idempotent. */
@Path("/api/accounts/{handle}")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class RelationshipResource {

    private final SocialGraph social;
    private final CurrentAccount current;

    public RelationshipResource(SocialGraph social, CurrentAccount current) {
        this.social = social;
        this.current = current;
    }

    @PUT
    @Path("/follow")
    public Relationship follow(@PathParam("handle") String handle) {
        return social.follow(current.id(), handle);
    }

    @DELETE
    @Path("/follow")
    public Relationship unfollow(@PathParam("handle") String handle) {
        return social.unfollow(current.id(), handle);
    }

    @PUT
    @Path("/block")
    public Relationship block(@PathParam("handle") String handle) {
        return social.block(current.id(), handle);
    }

    @DELETE
    @Path("/block")
    public Relationship unblock(@PathParam("handle") String handle) {
        return social.unblock(current.id(), handle);
    }

    @PUT
    @Path("/mute")
    public Relationship mute(@PathParam("handle") String handle) {
        return social.mute(current.id(), handle);
    }

    @DELETE
    @Path("/mute")
    public Relationship unmute(@PathParam("handle") String handle) {
        return social.unmute(current.id(), handle);
    }
}
