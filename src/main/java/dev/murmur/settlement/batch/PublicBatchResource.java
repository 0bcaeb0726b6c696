package dev.murmur.settlement.batch;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Published manifests, for anyone: {@code id} is the contract's batch id. The body is served byte for
 * byte as hashed, so keccak256(body) equals the manifestHash in the BatchSettled event.
 */
@Path("/api/batches")
@PermitAll
public class PublicBatchResource {

    private final BatchService batches;

    public PublicBatchResource(BatchService batches) {
        this.batches = batches;
    }

    @PermitAll
    @GET
    @Path("/{id}/manifest")
    @Produces(MediaType.APPLICATION_JSON)
    public Response manifest(@PathParam("id") long id) {
        return Response.ok(batches.manifest(id), MediaType.APPLICATION_JSON).build();
    }
}
