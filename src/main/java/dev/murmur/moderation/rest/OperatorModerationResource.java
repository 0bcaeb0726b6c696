package dev.murmur.moderation.rest;

import dev.murmur.account.Role;
import dev.murmur.account.security.CurrentAccount;
import dev.murmur.moderation.service.ModerationService;
import dev.murmur.timeline.Page;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
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

/** Operators remove posts and suspend accounts, and read the log of every such decision. */
@Path("/api/operator/moderation")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Role.Names.OPERATOR, Role.Names.ADMIN})
public class OperatorModerationResource {

    /** @param reason required, 1 to 300 characters; shown to the creator */
    public record RemovalRequest(String reason) {
    }

    /** @param reason required, 1 to 300 characters; shown to the creator */
    public record SuspensionRequest(@NotNull Boolean suspended, String reason) {
    }

    private final ModerationService moderation;
    private final CurrentAccount current;
    private final dev.murmur.social.service.SocialGraph social;

    public OperatorModerationResource(ModerationService moderation, CurrentAccount current, dev.murmur.social.service.SocialGraph social) {
        this.social = social;
        this.moderation = moderation;
        this.current = current;
    }

    /** Idempotent: removing a removed post returns the decision that removed it. */
    @POST
    @Path("/posts/{id}/removal")
    @Consumes(MediaType.APPLICATION_JSON)
    public ModerationService.Decision removePost(@PathParam("id") long id, @Valid @NotNull RemovalRequest request) {
        return moderation.removePost(current.id(), id, request.reason());
    }

    /** Idempotent: {@code decision} is null when the account already was in the state asked for. */
    @PUT
    @Path("/accounts/{handle}")
    @Consumes(MediaType.APPLICATION_JSON)
    public ModerationService.AccountState setSuspended(@PathParam("handle") String handle, @Valid @NotNull SuspensionRequest request) {
        return moderation.setSuspended(current.id(), handle, request.suspended(), request.reason());
    }

    @GET
    @Path("/log")
    public Page<ModerationService.Decision> log(@QueryParam("cursor") String cursor, @QueryParam("limit") @DefaultValue("20") int limit) {
        return moderation.log(cursor, limit);
    }

    /** The report queue, newest first; {@code before}: a report id, for the next page. */
    @GET
    @Path("/reports")
    public List<dev.murmur.social.service.SocialGraph.ReportView> reports(@QueryParam("before") Long before,
                                                                       @QueryParam("limit") @DefaultValue("50") @jakarta.validation.constraints.Min(1) @jakarta.validation.constraints.Max(200) int limit) {
        return social.reports(before, limit);
    }
}
