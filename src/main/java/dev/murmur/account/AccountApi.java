package dev.murmur.account;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;

/**
 * Request and response bodies of the account endpoints, outside {@code rest} because the web app's
 * pages validate and show the same types.
 */
public final class AccountApi {

    private AccountApi() {
    }

    public record RegisterRequest(
            @NotNull String handle,
            @NotNull String displayName,
            @NotNull @Size(min = 10, max = 128, message = "must be 10 to 128 characters") String password) {
    }

    public record LoginRequest(@NotNull String handle, @NotNull @Size(max = 128) String password) {
    }

    public record TokenResponse(String token, String tokenType, Instant expiresAt, AccountView account) {
    }

    public record UpdateProfileRequest(String displayName, String bio) {
    }

    public record AccountView(long id, String handle, String displayName, String bio, Instant createdAt) {
        public static AccountView of(Account a) {
            return new AccountView(a.id, a.handle, a.displayName, a.bio, a.createdAt);
        }
    }

    public record RolesView(String handle, List<Role> roles) {
    }
}
