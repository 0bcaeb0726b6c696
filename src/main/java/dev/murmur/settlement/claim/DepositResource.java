package dev.murmur.settlement.claim;

import dev.murmur.account.security.CurrentAccount;
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

import java.math.BigDecimal;
import java.util.List;

/** Deposits from the reader's own wallet: the transactions to send, and each one's way to the balance (docs/tips.md). */
@Path("/api/deposits")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class DepositResource {

    private final DepositService deposits;
    private final CurrentAccount current;

    public DepositResource(DepositService deposits, CurrentAccount current) {
        this.deposits = deposits;
        this.current = current;
    }

    /** {@code amount} in token units ("25"): the approve and deposit transactions to send, in that order. */
    @GET
    @Path("/plan")
    public DepositService.DepositPlan plan(@QueryParam("amount") BigDecimal amount) {
        return deposits.plan(current.id(), amount);
    }

    @GET
    public List<DepositService.Deposit> list(@QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit) {
        return deposits.deposits(current.id(), limit);
    }

    /** Confirmations until the deposit is credited. */
    @GET
    @Path("/{hash}")
    public DepositService.DepositStatus status(@PathParam("hash") String hash) {
        return deposits.status(current.id(), hash);
    }
}
