package dev.murmur.trend.rest;

import dev.murmur.account.Role;
import dev.murmur.account.security.CurrentAccount;
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

    private final TrendService trends;
    private final CurrentAccount current;

    public OperatorTrendResource(TrendService trends, CurrentAccount current) {
        this.trends = trends;
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

    @PUT
    @Path("/accounts/{handle}")
    @Consumes(MediaType.APPLICATION_JSON)
    public ExcludedRequest setExcluded(@PathParam("handle") String handle, @Valid @NotNull ExcludedRequest request) {
        trends.setAccountExcluded(handle, request.excluded());
        return request;
    }
}
