package dev.murmur.timeline.rest;

import dev.murmur.account.AccountApi.UpdateProfileRequest;
import dev.murmur.account.security.CurrentAccount;
import dev.murmur.account.service.AccountService;
import dev.murmur.timeline.profile.ProfileService;
import dev.murmur.timeline.profile.ProfileView;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.Optional;

/**
 * Profiles under {@code /api/accounts}: the caller's own, editing it, and anyone's by handle. They
 * live beside the timelines, not in {@code account}, because a profile counts follows and posts, and
 * those features build on {@code account} (docs/architecture.md, "Layers").
 */
@Path("/api/accounts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ProfileResource {

    private final AccountService accounts;
    private final ProfileService profiles;
    private final CurrentAccount current;

    public ProfileResource(AccountService accounts, ProfileService profiles, CurrentAccount current) {
        this.accounts = accounts;
        this.profiles = profiles;
        this.current = current;
    }

    @GET
    @Path("/me")
    @Authenticated
    public ProfileView me() {
        return profiles.own(current.id());
    }

    @PATCH
    @Path("/me")
    @Authenticated
    public ProfileView updateMe(@NotNull UpdateProfileRequest request) {
        accounts.updateProfile(current.id(), Optional.ofNullable(request.displayName()), Optional.ofNullable(request.bio()));
        return profiles.own(current.id());
    }

    @PermitAll
    @GET
    @Path("/{handle}")
    public ProfileView profile(@PathParam("handle") String handle) {
        return profiles.profile(handle, current.optionalId());
    }
}
