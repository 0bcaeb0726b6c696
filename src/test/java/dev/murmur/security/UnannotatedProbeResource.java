package dev.murmur.security;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * A test-only endpoint that forgot its security annotation, as a new one might. With
 * quarkus.security.jaxrs.deny-unannotated-endpoints it is denied to everyone (DenyUnannotatedTest).
 */
@Path("/api/test-only/unannotated")
@Produces(MediaType.TEXT_PLAIN)
public class UnannotatedProbeResource {

    @GET
    public String secret() {
        return "nobody should read this";
    }
}
