package dev.murmur.settlement.earnings;

import dev.murmur.account.security.CurrentAccount;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * A creator's earnings: open-period credits and estimate, per-post reasons, history, unsettled money;
 * the statement line by line (JSON and CSV), its breakdown and chart data (docs/settlement.md, "Earnings").
 */
@Path("/api/earnings")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class EarningsResource {

    private final EarningsService earnings;
    private final StatementService statements;
    private final CurrentAccount current;

    public EarningsResource(EarningsService earnings, StatementService statements, CurrentAccount current) {
        this.earnings = earnings;
        this.statements = statements;
        this.current = current;
    }

    @GET
    @Path("/me")
    public EarningsService.Earnings me() {
        return earnings.of(current.id());
    }

    /** Every credit of one period (open or closed) with its reason. */
    @GET
    @Path("/me/periods/{id}")
    public EarningsService.PeriodCredits period(@PathParam("id") long id) {
        return earnings.periodCredits(current.id(), id);
    }

    /** Every amount from its source to where it stands now; the lines add up to {@code totals}. */
    @GET
    @Path("/me/statement")
    public StatementService.Statement statement() {
        return statements.statement(current.id());
    }

    /** The same statement for taxes and bookkeeping: date, kind, period, post, trend, amount (token units), status, batch, tx hash. */
    @GET
    @Path("/me/statement.csv")
    @Produces("text/csv")
    public Response statementCsv() {
        return Response.ok(statements.csv(current.id()), "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"murmur-statement-" + current.id() + ".csv\"")
                .build();
    }

    /** The statement summed per period (engagement, trend, tips), per post, per trend, and each tip. */
    @GET
    @Path("/me/breakdown")
    public StatementService.Breakdown breakdown() {
        return statements.breakdown(current.id());
    }

    /** Chart data: per period stacked by engagement, trend and tips; claimed against unclaimed. */
    @GET
    @Path("/me/chart")
    public StatementService.Chart chart() {
        return statements.chart(current.id());
    }
}
