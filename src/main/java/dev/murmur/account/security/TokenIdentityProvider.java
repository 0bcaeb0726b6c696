package dev.murmur.account.security;

import dev.murmur.account.service.TokenSessions;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

@ApplicationScoped
public class TokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    static final String ACCOUNT_ID = "murmur.account-id";
    static final String TOKEN_HASH = "murmur.token-hash";

    private final TokenSessions sessions;

    public TokenIdentityProvider(TokenSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /**
     * A session cached in this process answers at once, on the calling thread (an event loop); only a
     * miss goes to a worker thread for its statement (decision 1176).
     */
    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        Optional<TokenSessions.Session> cached = sessions.cached(request.token(), request.kind());
        if (cached.isPresent()) {
            return Uni.createFrom().item(identity(cached.get()));
        }
        return context.runBlocking(() -> identity(sessions.resolve(request.token(), request.kind())
                .orElseThrow(() -> new AuthenticationFailedException("unknown, expired or revoked token"))));
    }

    private static SecurityIdentity identity(TokenSessions.Session session) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(session.handle()))
                .addRoles(session.roles())
                .addAttribute(ACCOUNT_ID, session.accountId())
                .addAttribute(TOKEN_HASH, session.tokenHash())
                .build();
    }
}
