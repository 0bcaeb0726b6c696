package dev.murmur.web;

import dev.murmur.account.Role;
import dev.murmur.account.security.CurrentAccount;
import dev.murmur.chain.ChainException;
import dev.murmur.problem.ApiException;
import dev.murmur.settlement.batch.Batch;
import dev.murmur.settlement.batch.BatchLive;
import dev.murmur.settlement.batch.BatchService;
import dev.murmur.settlement.batch.plan.Entitlement;
import dev.murmur.settlement.batch.plan.LeftOut;
import dev.murmur.settlement.batch.plan.Preview;
import dev.murmur.settlement.batch.FundingService;
import dev.murmur.settlement.batch.OperatorBatchResource;
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

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The operator console's settlement pages (issue 14): the funded pool and funding it, the preview of the
 * next batch (entitlements, and who is left out and why), creating and submitting a batch, its live status
 * until final, the history, and for a failed or vetoed batch why and where its amounts went. The same
 * roles and services as /api/operator/settlement (OperatorBatchResource).
 */
@Path("/console/settlement")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.Names.OPERATOR)
public class ConsoleSettlementPages {

    /** The preview of the next batch, or why it could not be computed (the chain node did not answer). */
    public record Next(Preview preview, String error) {
    }

    @CheckedTemplate(basePath = "web/console", requireTypeSafeExpressions = false)
    static class Templates {
        static native TemplateInstance settlement(Chrome chrome, String consoleJs, ConsolePages.Pool pool, boolean devFunding, String amount,
                                                  FormErrors errors, String status, Next next, Map<Long, String> handles, List<Batch> history);

        static native TemplateInstance settlement$funding(ConsolePages.Pool pool, boolean devFunding, String amount, FormErrors errors,
                                                          String status);

        static native TemplateInstance batch(Chrome chrome, String consoleJs, Batch batch, BatchLive.LiveStatus live,
                                             List<Entitlement> entitlements, Map<Long, String> handles);

        static native TemplateInstance batch$live(Batch batch, BatchLive.LiveStatus live);
    }

    private static final int HISTORY = 50;

    private final BatchService batches;
    private final BatchLive live;
    private final FundingService funding;
    private final ConsoleForms forms;
    private final CurrentAccount current;
    private final WebContext context;
    private final WebErrors errors;

    public ConsoleSettlementPages(BatchService batches, BatchLive live, FundingService funding, ConsoleForms forms, CurrentAccount current,
                                  WebContext context, WebErrors errors) {
        this.batches = batches;
        this.live = live;
        this.funding = funding;
        this.forms = forms;
        this.current = current;
        this.context = context;
        this.errors = errors;
    }

    @GET
    public String overview() {
        Next next = next();
        List<Long> ids = next.preview() == null ? List.of() : Stream.concat(
                next.preview().entitlements().stream().map(Entitlement::accountId),
                next.preview().leftOut().stream().map(LeftOut::accountId)).toList();
        return Templates.settlement(context.chrome("console"), forms.script(), ConsolePages.Pool.read(funding), funding.devFundingEnabled(), "", FormErrors.NONE,
                null, next, forms.handles(ids), batches.list(HISTORY)).render();
    }

    /** Funds the reward pool from the operator key, with POST /api/operator/settlement/fund's request and rules. */
    @POST
    @Path("fund")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response fund(@FormParam("amount") String amount) {
        try {
            OperatorBatchResource.FundRequest request = forms.valid(
                    new OperatorBatchResource.FundRequest(ConsoleForms.wholeNumber("amount", amount)));
            FundingService.Funded funded = funding.fund(request.amount());
            String status = funded.success()
                    ? "Funded " + request.amount() + " base units (transaction " + funded.transactionHash() + ")."
                    : "The funding transaction " + funded.transactionHash() + " reverted; nothing moved.";
            return AuthPages.html(Templates.settlement$funding(ConsolePages.Pool.read(funding), true, "", FormErrors.NONE, status), 200);
        } catch (ApiException e) {
            return AuthPages.html(Templates.settlement$funding(ConsolePages.Pool.read(funding), funding.devFundingEnabled(), amount, FormErrors.of(e), null),
                    e.type().status());
        }
    }

    /** Creates the next batch as a DRAFT (POST /api/operator/settlement/batches) and opens its page. */
    @POST
    @Path("batches")
    public Response create() {
        Batch created = batches.onAppChain().create(current.id());
        return ConsoleForms.goTo("/console/settlement/batches/" + created.id());
    }

    @GET
    @Path("batches/{id}")
    public String batch(@PathParam("id") long id) {
        Batch batch = batches.require(id);
        List<Entitlement> entitlements = batches.entitlements(id);
        return Templates.batch(context.chrome("console"), forms.script(), batch, status(batch), entitlements,
                forms.handles(entitlements.stream().map(Entitlement::accountId).toList())).render();
    }

    /** The live part of the batch page, which htmx polls while the batch moves. */
    @GET
    @Path("batches/{id}/live")
    public String liveStatus(@PathParam("id") long id) {
        Batch batch = batches.require(id);
        return Templates.batch$live(batch, status(batch)).render();
    }

    /** Asks the settler to sign and send the batch (the API's submit: idempotent, no key in this process). */
    @POST
    @Path("batches/{id}/submit")
    public Response submit(@PathParam("id") long id) {
        batches.requestSubmit(id, current.id());
        return ConsoleForms.goTo("/console/settlement/batches/" + id);
    }

    @POST
    @Path("batches/{id}/discard")
    public Response discard(@PathParam("id") long id) {
        batches.discard(id);
        return ConsoleForms.goTo("/console/settlement/batches/" + id);
    }

    private BatchLive.LiveStatus status(Batch batch) {
        try {
            return live.live(batch, batches.chain());
        } catch (ChainException e) {
            return null; // the template says the chain did not answer
        }
    }

    private Next next() {
        try {
            return new Next(batches.onAppChain().preview(), null);
        } catch (ChainException e) {
            return new Next(null, "The chain node did not answer, so the next batch cannot be previewed: " + e.getMessage());
        }
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
