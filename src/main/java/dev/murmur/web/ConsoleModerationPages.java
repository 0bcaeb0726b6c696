package dev.murmur.web;

import dev.murmur.account.Role;
import dev.murmur.account.security.CurrentAccount;
import dev.murmur.moderation.rest.OperatorModerationResource;
import dev.murmur.moderation.service.ModerationService;
import dev.murmur.payout.RejectedEvents;
import dev.murmur.problem.ApiException;
import dev.murmur.social.service.SocialGraph;
import dev.murmur.timeline.Page;
import dev.murmur.trend.rest.OperatorTrendResource;
import dev.murmur.trend.service.TrendService;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The operator console's moderation page (issue 14): the report queue, removing a reported post,
 * suspending or reinstating an account (which also excludes it from trends), the tags that may not trend,
 * the moderation log, and the payout events the reward policy refused. Each action has the roles of its
 * API endpoint: moderation for operators and admins (OperatorModerationResource), tags and refused events
 * for operators only (OperatorTrendResource, OperatorPeriodResource).
 */
@Path("/console/moderation")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({Role.Names.OPERATOR, Role.Names.ADMIN})
public class ConsoleModerationPages {

    /**
     * A refused form, to show again with its values and errors: {@code subject} is the handle or the tag,
     * {@code choice} the radio's "true" or "false" (suspended, or trendable).
     */
    public record Form(String subject, String reason, String choice, FormErrors errors) {
        static final Form EMPTY = new Form("", "", "true", FormErrors.NONE);
    }

    @CheckedTemplate(basePath = "web/console", requireTypeSafeExpressions = false)
    static class Templates {
        static native TemplateInstance moderation(Chrome chrome, String consoleJs, boolean operator, List<SocialGraph.ReportView> reports,
                                                  Map<Long, String> handles, Page<ModerationService.Decision> log, String cursor,
                                                  List<TrendService.TagModeration> tags, List<RejectedEvents.Rejected> rejected,
                                                  Form suspension, Form tag);

        static native TemplateInstance moderation$suspension(Form suspension);

        static native TemplateInstance moderation$tag(Form tag);

        static native TemplateInstance removal(Long reportId, long postId, String reason, FormErrors errors);
    }

    private static final int REPORTS = 50;
    private static final int LOG = 20;
    private static final int REJECTED = 50;

    private final ModerationService moderation;
    private final SocialGraph social;
    private final TrendService trends;
    private final RejectedEvents rejected;
    private final ConsoleForms forms;
    private final CurrentAccount current;
    private final SecurityIdentity identity;
    private final WebContext context;
    private final WebErrors errors;

    public ConsoleModerationPages(ModerationService moderation, SocialGraph social, TrendService trends, RejectedEvents rejected,
                                  ConsoleForms forms, CurrentAccount current, SecurityIdentity identity, WebContext context, WebErrors errors) {
        this.moderation = moderation;
        this.social = social;
        this.trends = trends;
        this.rejected = rejected;
        this.forms = forms;
        this.current = current;
        this.identity = identity;
        this.context = context;
        this.errors = errors;
    }

    @GET
    public String page(@QueryParam("cursor") String cursor) {
        boolean operator = identity.hasRole(Role.Names.OPERATOR);
        List<SocialGraph.ReportView> reports = social.reports(null, REPORTS);
        Page<ModerationService.Decision> log = moderation.log(cursor, LOG);
        List<RejectedEvents.Rejected> refused = operator ? rejected.latest(REJECTED) : List.of();
        List<TrendService.TagModeration> tags = operator ? trends.moderatedTags() : List.of();
        List<Long> ids = Stream.of(
                        reports.stream().flatMap(r -> Stream.of(r.targetAccountId(), r.postAuthorId())),
                        refused.stream().flatMap(r -> Stream.of(r.creatorId(), r.readerId())),
                        tags.stream().map(TrendService.TagModeration::updatedBy))
                .flatMap(s -> s).filter(Objects::nonNull).toList();
        return Templates.moderation(context.chrome("console"), forms.script(), operator, reports, forms.handles(ids), log, cursor,
                tags, refused, Form.EMPTY, Form.EMPTY).render();
    }

    /** Removes a reported post, with POST /api/operator/moderation/posts/{id}/removal's rules. */
    @POST
    @Path("posts/{id}/removal")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response remove(@PathParam("id") long postId, @FormParam("report") Long reportId, @FormParam("reason") String reason) {
        try {
            moderation.removePost(current.id(), postId, forms.valid(new OperatorModerationResource.RemovalRequest(reason)).reason());
            return ConsoleForms.goTo("/console/moderation");
        } catch (ApiException e) {
            return AuthPages.html(Templates.removal(reportId, postId, reason, FormErrors.of(e)), e.type().status());
        }
    }

    /** Suspends or reinstates an account, with PUT /api/operator/moderation/accounts/{handle}'s rules. */
    @POST
    @Path("accounts")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response suspend(@FormParam("handle") String handle, @FormParam("suspended") String suspended, @FormParam("reason") String reason) {
        try {
            OperatorModerationResource.SuspensionRequest request = forms.valid(
                    new OperatorModerationResource.SuspensionRequest(bool(suspended), reason));
            moderation.setSuspended(current.id(), handle == null ? "" : handle.strip().replaceFirst("^@", ""), request.suspended(),
                    request.reason());
            return ConsoleForms.goTo("/console/moderation");
        } catch (ApiException e) {
            return AuthPages.html(Templates.moderation$suspension(new Form(handle, reason, suspended, FormErrors.of(e))), e.type().status());
        }
    }

    /** Lets a tag trend or not, with PUT /api/operator/trends/tags/{tag}'s roles and rules. */
    @POST
    @Path("tags")
    @RolesAllowed(Role.Names.OPERATOR)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response tag(@FormParam("tag") String tag, @FormParam("trendable") String trendable, @FormParam("reason") String reason) {
        try {
            OperatorTrendResource.TrendableRequest request = forms.valid(new OperatorTrendResource.TrendableRequest(bool(trendable), reason));
            trends.setTrendable(current.id(), tag == null ? "" : tag, request.trendable(), request.reason());
            return ConsoleForms.goTo("/console/moderation#tags-h");
        } catch (ApiException e) {
            return AuthPages.html(Templates.moderation$tag(new Form(tag, reason, trendable, FormErrors.of(e))), e.type().status());
        }
    }

    /** A radio's "true" or "false"; anything else is null, which the request record's @NotNull refuses. */
    private static Boolean bool(String value) {
        return "true".equals(value) ? Boolean.TRUE : "false".equals(value) ? Boolean.FALSE : null;
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
