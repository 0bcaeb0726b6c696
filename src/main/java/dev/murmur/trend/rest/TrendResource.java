package dev.murmur.trend.rest;

import jakarta.annotation.security.PermitAll;
import dev.murmur.account.security.CurrentAccount;
import dev.murmur.trend.service.TrendService;
import io.quarkus.security.Authenticated;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** Public trends and their attribution; a creator's trend credits. */
@Path("/api/trends")
@Produces(MediaType.APPLICATION_JSON)
public class TrendResource {

    private final TrendService trends;
    private final CurrentAccount current;

    public TrendResource(TrendService trends, CurrentAccount current) {
        this.trends = trends;
        this.current = current;
    }

    /** Trends in progress, highest score first. */
    @PermitAll
    @GET
    public List<TrendService.TrendSummary> current(@QueryParam("limit") @DefaultValue("20") @Min(1) @Max(100) int limit) {
        return trends.current(limit);
    }

    /** Trends that have ended, newest first, with the credits they awarded. */
    @PermitAll
    @GET
    @Path("/ended")
    public List<TrendService.TrendSummary> ended(@QueryParam("limit") @DefaultValue("20") @Min(1) @Max(100) int limit) {
        return trends.recentlyEnded(limit);
    }

    /** The trend's count timeline, its attribution and the reason for every share. */
    @PermitAll
    @GET
    @Path("/{id}")
    public TrendService.TrendDetail detail(@PathParam("id") String id) {
        return trends.detail(id);
    }

    /** The signed-in creator's shares of trends and the credits they earned. */
    @GET
    @Path("/credits/me")
    @Authenticated
    public List<TrendService.CreditView> myCredits() {
        return trends.creditsOf(current.id());
    }
}
