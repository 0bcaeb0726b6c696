package dev.murmur.account.rest;

import jakarta.annotation.security.PermitAll;
import dev.murmur.account.AccountApi.AccountView;
import dev.murmur.account.AccountApi.LoginRequest;
import dev.murmur.account.AccountApi.TokenResponse;
import dev.murmur.account.security.CurrentAccount;
import dev.murmur.account.service.AuthService;
import io.quarkus.security.Authenticated;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/api/auth")
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {

    private final AuthService auth;
    private final CurrentAccount current;

    public AuthResource(AuthService auth, CurrentAccount current) {
        this.auth = auth;
        this.current = current;
    }

    @PermitAll
    @POST
    @Path("/login")
    @Consumes(MediaType.APPLICATION_JSON)
    public TokenResponse login(@Valid @NotNull LoginRequest request) {
        AuthService.IssuedToken issued = auth.login(request.handle(), request.password());
        return new TokenResponse(issued.token(), "Bearer", issued.expiresAt(), AccountView.of(issued.account()));
    }

    public record StepUpRequest(@NotNull String password) {
    }

    public record StepUpResponse(java.time.Instant authenticatedAt) {
    }

    /** Proves the password again for this token, for actions that need a step-up (wallet links, withdrawals). */
    @POST
    @Path("/step-up")
    @Authenticated
    @Consumes(MediaType.APPLICATION_JSON)
    public StepUpResponse stepUp(@Valid @NotNull StepUpRequest request) {
        return new StepUpResponse(auth.stepUp(current.id(), current.tokenHash(), request.password()));
    }

    /** Revokes the token this request was made with. */
    @POST
    @Path("/logout")
    @Authenticated
    public void logout() {
        auth.logout(current.tokenHash());
    }
}
