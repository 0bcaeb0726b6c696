package dev.murmur.settlement.earnings;

import dev.murmur.account.security.CurrentAccount;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The balance page: deposits, tips sent and received, withdrawals and their batches (docs/tips.md). */
@Path("/api/balance/history")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class BalanceHistoryResource {

    private final BalanceHistoryService history;
    private final CurrentAccount current;

    public BalanceHistoryResource(BalanceHistoryService history, CurrentAccount current) {
        this.history = history;
        this.current = current;
    }

    @GET
    public BalanceHistoryService.BalanceHistory history() {
        return history.of(current.id());
    }
}
