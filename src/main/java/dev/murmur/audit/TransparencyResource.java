package dev.murmur.audit;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/**
 * Public transparency, no login: every batch, each batch's live audit and the commands to verify it
 * independently, and the veto as an unsigned transaction for an auditor's own wallet (the contract
 * refuses anyone without the auditor role, so the calldata is no secret). {@code id} is the contract's
 * batch id; the manifest itself is at {@code /api/batches/{id}/manifest}.
 */
@Path("/api/transparency/batches")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public class TransparencyResource {

    private final TransparencyService transparency;

    public TransparencyResource(TransparencyService transparency) {
        this.transparency = transparency;
    }

    @GET
    public List<TransparencyService.PublicBatch> list() {
        return transparency.list();
    }

    @GET
    @Path("/{id}")
    public TransparencyService.BatchPage page(@PathParam("id") long id) {
        return transparency.page(id);
    }

    @GET
    @Path("/{id}/veto-transaction")
    public TransparencyService.VetoTransaction vetoTransaction(@PathParam("id") long id) {
        return transparency.vetoTransaction(id);
    }
}
