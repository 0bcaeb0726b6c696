package dev.murmur.timeline.rest;

import jakarta.annotation.security.PermitAll;
import dev.murmur.account.security.CurrentAccount;
import dev.murmur.timeline.Page;
import dev.murmur.timeline.PostView;
import dev.murmur.timeline.service.TimelineService;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Reads, newest first, paged by opaque cursors: pass {@code nextCursor} back as {@code cursor}. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class TimelineResource {

    private final TimelineService timelines;
    private final CurrentAccount current;

    public TimelineResource(TimelineService timelines, CurrentAccount current) {
        this.timelines = timelines;
        this.current = current;
    }

    @GET
    @Path("/timelines/home")
    @Authenticated
    public Page<PostView> home(@QueryParam("cursor") String cursor, @QueryParam("limit") @DefaultValue("20") int limit) {
        return timelines.home(current.id(), cursor, limit);
    }

    @PermitAll
    @GET
    @Path("/timelines/profile/{handle}")
    public Page<PostView> profile(@PathParam("handle") String handle, @QueryParam("cursor") String cursor,
                                  @QueryParam("limit") @DefaultValue("20") int limit) {
        return timelines.profile(handle, current.optionalId(), cursor, limit);
    }

    @PermitAll
    @GET
    @Path("/timelines/hashtag/{tag}")
    public Page<PostView> hashtag(@PathParam("tag") String tag, @QueryParam("cursor") String cursor,
                                  @QueryParam("limit") @DefaultValue("20") int limit) {
        return timelines.hashtag(tag, current.optionalId(), cursor, limit);
    }

    @PermitAll
    @GET
    @Path("/search/posts")
    public Page<PostView> search(@QueryParam("q") String query, @QueryParam("cursor") String cursor,
                                 @QueryParam("limit") @DefaultValue("20") int limit) {
        return timelines.search(query, current.optionalId(), cursor, limit);
    }
}
