package dev.murmur.web;

import dev.murmur.timeline.profile.ProfileView;
import dev.murmur.account.service.AccountService;
import dev.murmur.timeline.profile.ProfileService;
import dev.murmur.problem.ApiException;
import dev.murmur.problem.ProblemType;
import dev.murmur.moderation.ReportRequest;
import dev.murmur.social.service.SocialGraph;
import dev.murmur.timeline.Page;
import dev.murmur.timeline.PostView;
import dev.murmur.timeline.service.TimelineService;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.quarkus.security.UnauthorizedException;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Validator;
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

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** A profile with its posts and replies; follow, mute, block and report; editing your own. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class ProfilePages {

    /** The relationship buttons' state; {@code self} when it is the viewer's own profile. */
    public record Relation(String handle, boolean signedIn, boolean self, SocialGraph.Relationship state) {
    }

    @CheckedTemplate(basePath = "web", requireTypeSafeExpressions = false)
    static class Templates {
        static native TemplateInstance profile(Chrome chrome, ProfileView profile, Relation relation, List<PostCard> cards,
                                               String next, List<String> reasons);

        static native TemplateInstance relation(Relation relation);

        static native TemplateInstance reported(String message);

        static native TemplateInstance settings(Chrome chrome, String displayName, String bio, FormErrors errors, String status);

        static native TemplateInstance settings$form(Chrome chrome, String displayName, String bio, FormErrors errors, String status);
    }

    private final ProfileService profiles;
    private final AccountService accounts;
    private final SocialGraph social;
    private final TimelineService timelines;
    private final PostCards cards;
    private final WebContext context;
    private final WebErrors errors;
    private final Validator validator;

    public ProfilePages(ProfileService profiles, AccountService accounts, SocialGraph social, TimelineService timelines,
                        PostCards cards, WebContext context, WebErrors errors, Validator validator) {
        this.validator = validator;
        this.profiles = profiles;
        this.accounts = accounts;
        this.social = social;
        this.timelines = timelines;
        this.cards = cards;
        this.context = context;
        this.errors = errors;
    }

    @GET
    @Path("u/{handle}")
    @PermitAll
    public String profile(@PathParam("handle") String handle, @QueryParam("cursor") String cursor) {
        Optional<Long> viewer = context.viewer();
        Page<PostView> page = timelines.profile(handle, viewer, cursor, PostPages.PAGE);
        String next = PostPages.next("/u/" + WebPaths.segment(handle), page);
        List<PostCard> shown = cards.cards(page.items(), viewer);
        if (cursor != null) {
            return PostPages.Templates.feed(shown, next).render();
        }
        ProfileView profile = profiles.profile(handle, viewer);
        return Templates.profile(context.chrome(viewer.isPresent() && viewer.get() == profile.id() ? "me" : ""), profile,
                relation(profile.handle(), viewer, profile.id(), profile.relationship()), shown, next, reasons()).render();
    }

    @POST
    @Path("u/{handle}/{action: follow|unfollow|mute|unmute|block|unblock}")
    @Authenticated
    public String relate(@PathParam("handle") String handle, @PathParam("action") String action) {
        long me = context.me();
        SocialGraph.Relationship now = switch (action) {
            case "follow" -> social.follow(me, handle);
            case "unfollow" -> social.unfollow(me, handle);
            case "mute" -> social.mute(me, handle);
            case "unmute" -> social.unmute(me, handle);
            case "block" -> social.block(me, handle);
            default -> social.unblock(me, handle);
        };
        return Templates.relation(new Relation(accounts.require(handle).handle, true, false, now)).render();
    }

    /** The same rules as POST /api/reports (its request's Bean Validation), through the same service. */
    @POST
    @Path("u/{handle}/report")
    @Authenticated
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public String report(@PathParam("handle") String handle, @FormParam("reason") String reason,
                         @FormParam("comment") String comment) {
        SocialGraph.ReportReason why = Arrays.stream(SocialGraph.ReportReason.values())
                .filter(r -> r.name().equals(reason)).findFirst()
                .orElseThrow(() -> ApiException.field(ProblemType.VALIDATION_FAILED, "reason", "choose a reason"));
        validator.validate(new ReportRequest(handle, null, why, comment)).stream().findFirst().ifPresent(v -> {
            throw ApiException.field(ProblemType.VALIDATION_FAILED, v.getPropertyPath().toString(), v.getMessage());
        });
        social.report(context.me(), accounts.require(handle).id, null, why, comment);
        return Templates.reported("Thank you. Moderators will review @" + accounts.require(handle).handle + ".").render();
    }

    @GET
    @Path("settings/profile")
    @Authenticated
    public String settings() {
        ProfileView me = profiles.own(context.me());
        return Templates.settings(context.chrome("me"), me.displayName(), me.bio(), FormErrors.NONE, null).render();
    }

    @POST
    @Path("settings/profile")
    @Authenticated
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response saveSettings(@FormParam("displayName") String displayName, @FormParam("bio") String bio) {
        try {
            accounts.updateProfile(context.me(), Optional.ofNullable(displayName), Optional.ofNullable(bio == null ? "" : bio));
            ProfileView me = profiles.own(context.me());
            return AuthPages.html(Templates.settings$form(context.chrome("me"), me.displayName(), me.bio(), FormErrors.NONE,
                    "Saved."), 200);
        } catch (ApiException e) {
            return AuthPages.html(Templates.settings$form(context.chrome("me"), displayName, bio, FormErrors.of(e), null),
                    e.type().status());
        }
    }

    private static Relation relation(String handle, Optional<Long> viewer, long owner, SocialGraph.Relationship is) {
        return new Relation(handle, viewer.isPresent(), viewer.isPresent() && viewer.get() == owner, is);
    }

    static List<String> reasons() {
        return Arrays.stream(SocialGraph.ReportReason.values()).map(Enum::name).toList();
    }

    @ServerExceptionMapper
    public Response mapApi(ApiException e, HttpHeaders headers) {
        return errors.api(e, headers);
    }

    @ServerExceptionMapper
    public Response mapUnauthorized(UnauthorizedException e, HttpHeaders headers) {
        return errors.unauthorized(e, headers);
    }
}
