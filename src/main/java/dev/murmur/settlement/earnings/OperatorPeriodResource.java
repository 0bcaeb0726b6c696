package dev.murmur.settlement.earnings;

import dev.murmur.account.Role;
import dev.murmur.payout.RejectedEvents;
import dev.murmur.period.Period;
import dev.murmur.period.PeriodService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** Operators fund, close and inspect reward periods, and read the events the policy refused. */
@Path("/api/operator")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.Names.OPERATOR)
public class OperatorPeriodResource {

    /** @param budget payout-token base units */
    public record BudgetRequest(@NotNull @PositiveOrZero Long budget) {
    }

    private static final int TOP_EARNERS = 20;

    private final PeriodService periods;
    private final EarningsService earnings;
    private final RejectedEvents rejected;

    public OperatorPeriodResource(PeriodService periods, EarningsService earnings, RejectedEvents rejected) {
        this.periods = periods;
        this.earnings = earnings;
        this.rejected = rejected;
    }

    @GET
    @Path("/periods/current")
    public EarningsService.PeriodReport current() {
        return earnings.report(periods.current().id(), TOP_EARNERS);
    }

    @GET
    @Path("/periods/{id}")
    public EarningsService.PeriodReport period(@PathParam("id") long id) {
        return earnings.report(id, TOP_EARNERS);
    }

    @PUT
    @Path("/periods/{id}/budget")
    @Consumes(MediaType.APPLICATION_JSON)
    public Period budget(@PathParam("id") long id, @Valid @NotNull BudgetRequest request) {
        return periods.setBudget(id, request.budget());
    }

    /** Idempotent: closing a closed period returns its report unchanged. */
    @POST
    @Path("/periods/{id}/close")
    public EarningsService.PeriodReport close(@PathParam("id") long id) {
        periods.close(id);
        return earnings.report(id, TOP_EARNERS);
    }

    @GET
    @Path("/rejected-events")
    public List<RejectedEvents.Rejected> rejectedEvents(@QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        return rejected.latest(limit);
    }
}
