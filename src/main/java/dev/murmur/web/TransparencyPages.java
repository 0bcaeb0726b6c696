package dev.murmur.web;

import dev.murmur.audit.TransparencyService;
import dev.murmur.problem.ApiException;
import io.quarkus.qute.CheckedTemplate;
import jakarta.annotation.security.PermitAll;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;

/**
 * The public transparency pages (issue 14): every published batch, and one batch with its audit
 * checks run live and the commands that check it without trusting Murmur. No sign-in needed.
 */
@Path("/transparency")
@Produces(MediaType.TEXT_HTML)
@PermitAll
public class TransparencyPages {

    @CheckedTemplate(basePath = "web", requireTypeSafeExpressions = false)
    static class Templates {
        static native TemplateInstance transparency(Chrome chrome, List<TransparencyService.PublicBatch> batches);

        static native TemplateInstance batch(Chrome chrome, TransparencyService.BatchPage page);
    }

    private final TransparencyService transparency;
    private final WebContext context;
    private final WebErrors errors;

    public TransparencyPages(TransparencyService transparency, WebContext context, WebErrors errors) {
        this.transparency = transparency;
        this.context = context;
        this.errors = errors;
    }

    @GET
    public String list() {
        return Templates.transparency(context.chrome("transparency"), transparency.list()).render();
    }

    @GET
    @Path("batches/{id}")
    public String batch(@PathParam("id") long chainBatchId) {
        return Templates.batch(context.chrome("transparency"), transparency.page(chainBatchId)).render();
    }

    @ServerExceptionMapper
    public Response mapApi(ApiException e, HttpHeaders headers) {
        return errors.api(e, headers);
    }
}
