package dev.murmur.audit;

import dev.murmur.account.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Auditors: the batch audit (chain, manifest and ledger) and the veto. {@code id} is the contract's batch id. */
@Path("/api/auditor/batches/{id}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.Names.AUDITOR)
public class AuditorResource {

    private final AuditService audits;

    public AuditorResource(AuditService audits) {
        this.audits = audits;
    }

    @GET
    @Path("/audit")
    public BatchAudit.Report audit(@PathParam("id") long id) {
        return audits.audit(id);
    }

    @POST
    @Path("/veto")
    public AuditService.Veto veto(@PathParam("id") long id) {
        return audits.veto(id);
    }
}
