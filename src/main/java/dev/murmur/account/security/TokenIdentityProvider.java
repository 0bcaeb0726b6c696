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

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        return context.runBlocking(() -> {
            TokenSessions.Session session = sessions.resolve(request.token(), request.kind())
                    .orElseThrow(() -> new AuthenticationFailedException("unknown, expired or revoked token"));
            return QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(session.handle()))
                    .addRoles(session.roles())
                    .addAttribute(ACCOUNT_ID, session.accountId())
                    .addAttribute(TOKEN_HASH, session.tokenHash())
                    .build();
        });
    }
}
