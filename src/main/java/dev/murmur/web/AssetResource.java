package dev.murmur.web;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

/** Serves {@link Assets} by fingerprinted name, cacheable for a year: a new build changes the name. */
@Path("/assets")
@PermitAll
public class AssetResource {

    private final Assets assets;

    public AssetResource(Assets assets) {
        this.assets = assets;
    }

    @GET
    @Path("/{hash}/{name}")
    public Response asset(@PathParam("hash") String hash, @PathParam("name") String name) {
        return assets.find(hash, name)
                .map(a -> Response.ok(a.bytes()).type(a.contentType())
                        .header("Cache-Control", "public, max-age=31536000, immutable").build())
                .orElseGet(() -> Response.status(Response.Status.NOT_FOUND).build());
    }
}
