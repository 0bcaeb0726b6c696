package dev.murmur.account.security;

import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;

import java.util.Optional;

/** The caller of the current request, as resources need it. */
@RequestScoped
public class CurrentAccount {

    private final SecurityIdentity identity;

    public CurrentAccount(SecurityIdentity identity) {
        this.identity = identity;
    }

    /** The caller's account id; 401 if the request is anonymous. */
    public long id() {
        return optionalId().orElseThrow(UnauthorizedException::new);
    }

    /** The caller's account id, or empty for anonymous reads. */
    public Optional<Long> optionalId() {
        if (identity.isAnonymous()) {
            return Optional.empty();
        }
        return Optional.of(identity.<Long>getAttribute(TokenIdentityProvider.ACCOUNT_ID));
    }

    public String tokenHash() {
        id();
        return identity.getAttribute(TokenIdentityProvider.TOKEN_HASH);
    }
}
