package dev.murmur.account.security;

import dev.murmur.account.AccessToken;
import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A token to resolve, and the kind it must be: a bearer header carries BEARER, the web app's cookie SESSION. */
public class TokenAuthenticationRequest extends BaseAuthenticationRequest {

    private final String token;
    private final AccessToken.Kind kind;

    public TokenAuthenticationRequest(String token) {
        this(token, AccessToken.Kind.BEARER);
    }

    public TokenAuthenticationRequest(String token, AccessToken.Kind kind) {
        this.token = token;
        this.kind = kind;
    }

    public String token() {
        return token;
    }

    public AccessToken.Kind kind() {
        return kind;
    }
}
