package dev.murmur.moderation.rest;

import dev.murmur.account.security.CurrentAccount;
import dev.murmur.account.service.AccountService;
import dev.murmur.moderation.ReportRequest;
import dev.murmur.post.service.PostService;
import dev.murmur.problem.ApiException;
import dev.murmur.problem.ProblemType;
import dev.murmur.social.service.SocialGraph;
import io.quarkus.security.Authenticated;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Reports of a post or an account, for moderators to review. */
@Path("/api/reports")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Authenticated
public class ReportResource {

    public record ReportReceipt(long id) {
    }

    private final SocialGraph social;
    private final AccountService accounts;
    private final PostService posts;
    private final CurrentAccount current;

    public ReportResource(SocialGraph social, AccountService accounts, PostService posts, CurrentAccount current) {
        this.social = social;
        this.accounts = accounts;
        this.posts = posts;
        this.current = current;
    }

    @POST
    public Response report(@Valid @NotNull ReportRequest request) {
        if ((request.account() == null) == (request.post() == null)) {
            throw ApiException.field(ProblemType.VALIDATION_FAILED, "account", "give exactly one of 'account' or 'post'");
        }
        Long accountId = request.account() == null ? null : accounts.require(request.account()).id;
        Long postId = request.post() == null ? null : posts.require(request.post()).id;
        long id = social.report(current.id(), accountId, postId, request.reason(), request.comment());
        return Response.status(Response.Status.CREATED).entity(new ReportReceipt(id)).build();
    }
}
