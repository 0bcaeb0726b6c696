package dev.murmur.account;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * A bearer token or a browser session, stored only as the SHA-256 of its value. A token of one
 * kind never authenticates as the other (decision 0702).
 */
@Entity
@Table(name = "access_token")
public class AccessToken extends PanacheEntityBase {

    @Id
    @Column(name = "token_hash")
    public String tokenHash;

    @Column(name = "account_id", nullable = false, updatable = false)
    public Long accountId;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false, updatable = false)
    public Instant expiresAt;

    /** What the token is for: an API client's bearer token, or a browser's session cookie. */
    public enum Kind { BEARER, SESSION }

    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    @Column(nullable = false, updatable = false)
    public Kind kind = Kind.BEARER;

    /** When the holder last proved the password: at login, and at each step-up (decision 0616). */
    @Column(name = "authenticated_at", nullable = false)
    public Instant authenticatedAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    public boolean isUsableAt(Instant now) {
        return isUsableAt(revokedAt, expiresAt, now);
    }

    /** The same rule for a token read as columns (TokenSessions.resolve, on every request). */
    public static boolean isUsableAt(Instant revokedAt, Instant expiresAt, Instant now) {
        return revokedAt == null && now.isBefore(expiresAt);
    }
}
