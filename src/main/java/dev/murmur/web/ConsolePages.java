package dev.murmur.web;

import dev.murmur.account.Role;
import dev.murmur.chain.ChainException;
import dev.murmur.problem.ApiException;
import dev.murmur.settlement.batch.FundingService;
import dev.murmur.settlement.earnings.EarningsService;
import dev.murmur.settlement.earnings.OperatorPeriodResource;
import dev.murmur.period.PeriodService;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Map;

/**
 * The operator console's periods page (issue 14, docs/settlement.md "In the browser"): the open period,
 * its budget within the funded reward pool's headroom, setting it, closing the period, and a period's top
 * earners. The same roles and services as /api/operator/periods (OperatorPeriodResource); settlement and
 * moderation are ConsoleSettlementPages and ConsoleModerationPages.
 */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.Names.OPERATOR)
public class ConsolePages {

    /** The funded pool, or why it could not be read (the chain node did not answer). */
    public record Pool(FundingService.FundingStatus status, String error) {

        static Pool read(FundingService funding) {
            try {
                return new Pool(funding.status(), null);
            } catch (ChainException e) {
                return new Pool(null, "The chain node did not answer, so the reward pool is unknown: " + e.getMessage());
            }
        }
    }

    @CheckedTemplate(basePath = "web/console", requireTypeSafeExpressions = false)
    static class Templates {
        static native TemplateInstance periods(Chrome chrome, String consoleJs, EarningsService.PeriodReport report, Map<Long, String> handles,
                                               Pool pool, String budget, FormErrors errors, String status);

        static native TemplateInstance periods$budget(EarningsService.PeriodReport report, Pool pool, String budget, FormErrors errors,
                                                      String status);
    }

    private static final int TOP_EARNERS = 20;

    private final PeriodService periods;
    private final EarningsService earnings;
    private final FundingService funding;
    private final ConsoleForms forms;
    private final WebContext context;
    private final WebErrors errors;

    public ConsolePages(PeriodService periods, EarningsService earnings, FundingService funding, ConsoleForms forms, WebContext context,
                        WebErrors errors) {
        this.periods = periods;
        this.earnings = earnings;
        this.funding = funding;
        this.forms = forms;
        this.context = context;
        this.errors = errors;
    }

    @GET
    public String current() {
        return page(periods.current().id());
    }

    @GET
    @Path("periods/{id}")
    public String period(@PathParam("id") long id) {
        return page(id);
    }

    private String page(long id) {
        EarningsService.PeriodReport report = earnings.report(id, TOP_EARNERS);
        return Templates.periods(context.chrome("console"), forms.script(), report,
                forms.handles(report.topEarners().stream().map(EarningsService.Earner::accountId).toList()), Pool.read(funding),
                Long.toString(report.period().budget()), FormErrors.NONE, null).render();
    }

    /** Sets the open period's budget, with PUT /api/operator/periods/{id}/budget's request and rules. */
    @POST
    @Path("periods/{id}/budget")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response budget(@PathParam("id") long id, @FormParam("budget") String budget) {
        try {
            OperatorPeriodResource.BudgetRequest request = forms.valid(
                    new OperatorPeriodResource.BudgetRequest(ConsoleForms.wholeNumber("budget", budget)));
            periods.setBudget(id, request.budget());
            EarningsService.PeriodReport report = earnings.report(id, TOP_EARNERS);
            return AuthPages.html(Templates.periods$budget(report, Pool.read(funding), Long.toString(report.period().budget()), FormErrors.NONE,
                    "Budget set to " + report.period().budget() + " base units."), 200);
        } catch (ApiException e) {
            return AuthPages.html(Templates.periods$budget(earnings.report(id, TOP_EARNERS), Pool.read(funding), budget, FormErrors.of(e), null),
                    e.type().status());
        }
    }

    /** Closes the period (idempotent, as the API's close), then shows its split. */
    @POST
    @Path("periods/{id}/close")
    public Response close(@PathParam("id") long id) {
        periods.close(id);
        return ConsoleForms.goTo("/console/periods/" + id);
    }

    @ServerExceptionMapper
    public Response mapApi(ApiException e, HttpHeaders headers) {
        return errors.api(e, headers);
    }

    @ServerExceptionMapper
    public Response mapUnauthorized(UnauthorizedException e, HttpHeaders headers) {
        return errors.unauthorized(e, headers);
    }

    @ServerExceptionMapper
    public Response mapForbidden(ForbiddenException e, HttpHeaders headers) {
        return errors.forbidden(e, headers);
    }
}
