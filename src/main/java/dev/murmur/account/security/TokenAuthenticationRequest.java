package dev.murmur.account.security;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

public class TokenAuthenticationRequest extends BaseAuthenticationRequest {

    private final String token;

    public TokenAuthenticationRequest(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }
}
