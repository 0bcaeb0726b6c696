package dev.murmur.trend.rest;

import dev.murmur.account.Role;
import dev.murmur.account.security.CurrentAccount;
import dev.murmur.moderation.service.ModerationService;
import dev.murmur.trend.service.TrendService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** Operators decide which tags may trend, and which accounts count. */
@Path("/api/operator/trends")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.Names.OPERATOR)
public class OperatorTrendResource {

    public record TrendableRequest(@NotNull Boolean trendable, String reason) {
    }

    public record ExcludedRequest(@NotNull Boolean excluded) {
    }

    /** The reason recorded for an exclusion through this endpoint, which takes none. */
    static final String EXCLUSION_REASON = "excluded from trend counting by an operator";

    private final TrendService trends;
    private final ModerationService moderation;
    private final CurrentAccount current;

    public OperatorTrendResource(TrendService trends, ModerationService moderation, CurrentAccount current) {
        this.trends = trends;
        this.moderation = moderation;
        this.current = current;
    }

    @GET
    @Path("/tags")
    public List<TrendService.TagModeration> tags() {
        return trends.moderatedTags();
    }

    @PUT
    @Path("/tags/{tag}")
    @Consumes(MediaType.APPLICATION_JSON)
    public TrendService.TagModeration setTrendable(@PathParam("tag") String tag, @Valid @NotNull TrendableRequest request) {
        return trends.setTrendable(current.id(), tag, request.trendable(), request.reason());
    }

    /**
     * Excluding an account from trends is suspending it: the same flag, the same moderation decision
     * and event as {@code PUT /api/operator/moderation/accounts/{handle}}.
     */
    @PUT
    @Path("/accounts/{handle}")
    @Consumes(MediaType.APPLICATION_JSON)
    public ExcludedRequest setExcluded(@PathParam("handle") String handle, @Valid @NotNull ExcludedRequest request) {
        moderation.setSuspended(current.id(), handle, request.excluded(), EXCLUSION_REASON);
        return request;
    }
}
