package dev.murmur.settlement.earnings;

import dev.murmur.account.security.CurrentAccount;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** A creator's earnings: open-period credits and estimate, per-post reasons, history, unsettled money. */
@Path("/api/earnings")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class EarningsResource {

    private final EarningsService earnings;
    private final CurrentAccount current;

    public EarningsResource(EarningsService earnings, CurrentAccount current) {
        this.earnings = earnings;
        this.current = current;
    }

    @GET
    @Path("/me")
    public EarningsService.Earnings me() {
        return earnings.of(current.id());
    }
}
