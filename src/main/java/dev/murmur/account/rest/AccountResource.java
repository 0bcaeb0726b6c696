package dev.murmur.account.rest;

import jakarta.annotation.security.PermitAll;
import dev.murmur.account.Role;
import dev.murmur.account.AccountApi.AccountView;
import dev.murmur.account.AccountApi.RegisterRequest;
import dev.murmur.account.AccountApi.RolesView;
import dev.murmur.account.security.CurrentAccount;
import dev.murmur.account.service.AccountService;
import dev.murmur.account.service.SecurityEvents;
import dev.murmur.problem.ApiException;
import dev.murmur.problem.ProblemType;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;

import java.util.Arrays;

/**
 * Accounts: registration, security events and roles. Profiles under the same path are served by
 * {@code timeline.rest.ProfileResource}, because a profile reads the social graph and posts too.
 */
@Path("/api/accounts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AccountResource {

    private final AccountService accounts;
    private final CurrentAccount current;
    private final SecurityEvents events;

    public AccountResource(AccountService accounts, CurrentAccount current, SecurityEvents events) {
        this.events = events;
        this.accounts = accounts;
        this.current = current;
    }

    @PermitAll
    @POST
    public Response register(@Valid @NotNull RegisterRequest request) {
        AccountView created = AccountView.of(accounts.register(request.handle(), request.displayName(), request.password()));
        return Response.created(UriBuilder.fromPath("/api/accounts/{handle}").build(created.handle())).entity(created).build();
    }

    /** The caller's security events, newest first: logins, step-ups, wallet links, withdrawals, role changes. */
    @GET
    @Path("/me/security-events")
    @Authenticated
    public java.util.List<SecurityEvents.Event> securityEvents(@jakarta.ws.rs.QueryParam("limit") @jakarta.ws.rs.DefaultValue("50")
                                                               @jakarta.validation.constraints.Min(1) @jakarta.validation.constraints.Max(200) int limit) {
        return events.of(current.id(), limit);
    }

    @PUT
    @Path("/{handle}/roles/{role}")
    @RolesAllowed(Role.Names.ADMIN)
    public RolesView grant(@PathParam("handle") String handle, @PathParam("role") String role) {
        return new RolesView(handle.toLowerCase(), accounts.grant(current.id(), handle, parseRole(role)));
    }

    @DELETE
    @Path("/{handle}/roles/{role}")
    @RolesAllowed(Role.Names.ADMIN)
    public RolesView revoke(@PathParam("handle") String handle, @PathParam("role") String role) {
        return new RolesView(handle.toLowerCase(), accounts.revoke(current.id(), handle, parseRole(role)));
    }

    private static Role parseRole(String role) {
        return Arrays.stream(Role.values()).filter(r -> r.name().equalsIgnoreCase(role)).findFirst()
                .orElseThrow(() -> ApiException.field(ProblemType.VALIDATION_FAILED, "role",
                        "must be one of " + Arrays.toString(Role.values())));
    }
}
