package dev.murmur.settlement.batch;

import dev.murmur.settlement.batch.plan.Entitlement;
import dev.murmur.settlement.batch.plan.Preview;
import dev.murmur.account.Role;
import dev.murmur.account.security.CurrentAccount;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;

/** Operators preview, create, fund, submit and watch settlement batches (docs/settlement.md). */
@Path("/api/operator/settlement")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.Names.OPERATOR)
public class OperatorBatchResource {

    /** @param amount payout-token base units */
    public record FundRequest(@NotNull @Positive Long amount) {
    }

    public record BatchDetail(Batch batch, List<Entitlement> entitlements) {
    }

    private final BatchService batches;
    private final BatchLive live;
    private final FundingService funding;
    private final CurrentAccount current;

    public OperatorBatchResource(BatchService batches, BatchLive live, FundingService funding, CurrentAccount current) {
        this.funding = funding;
        this.batches = batches;
        this.live = live;
        this.current = current;
    }

    /** What the contract holds against what Murmur owes: the headroom for new period budgets. */
    @GET
    @Path("/funding")
    public FundingService.FundingStatus funding() {
        return funding.status();
    }

    @GET
    @Path("/preview")
    public Preview preview() {
        return batches.onAppChain().preview();
    }

    @POST
    @Path("/batches")
    public Response create() {
        Batch created = batches.onAppChain().create(current.id());
        return Response.status(Response.Status.CREATED).entity(created).build();
    }

    @GET
    @Path("/batches")
    public List<Batch> list(@QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit) {
        return batches.list(limit);
    }

    @GET
    @Path("/batches/{id}")
    public BatchDetail get(@PathParam("id") long id) {
        return new BatchDetail(batches.require(id), batches.entitlements(id));
    }

    /** Confirmations, challenge-window countdown, final; for a failed or vetoed batch, why and which batch carried its amounts. */
    @GET
    @Path("/batches/{id}/status")
    public BatchLive.LiveStatus status(@PathParam("id") long id) {
        return live.live(id);
    }

    @GET
    @Path("/batches/{id}/manifest")
    public Response manifest(@PathParam("id") long id) {
        return Response.ok(batches.manifestOf(id), MediaType.APPLICATION_JSON).build();
    }

    /**
     * Asks the settler to sign and send the batch (202): this process holds no operator key (decision
     * 0611). Watch the batch move to SUBMITTED. Idempotent: a batch already requested or submitted is
     * returned as it is, and no second transaction is ever sent.
     */
    @POST
    @Path("/batches/{id}/submit")
    public Response submit(@PathParam("id") long id) {
        return Response.accepted(batches.requestSubmit(id, current.id())).build();
    }

    /** Checks the chain now instead of waiting for the driver. */
    @POST
    @Path("/batches/{id}/refresh")
    public Batch refresh(@PathParam("id") long id) {
        return batches.onAppChain().advance(id);
    }

    @POST
    @Path("/batches/{id}/discard")
    public Batch discard(@PathParam("id") long id) {
        return batches.discard(id);
    }

    /** Funds the payout contract's reward pool from the operator key. Dev chains only (murmur.settlement.dev-funding). */
    @POST
    @Path("/fund")
    @Consumes(MediaType.APPLICATION_JSON)
    public FundingService.Funded fund(@Valid @NotNull FundRequest request) {
        return funding.fund(request.amount());
    }
}
