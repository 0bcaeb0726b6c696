package dev.murmur.account.service;

import dev.murmur.account.AccessToken;
import dev.murmur.common.Hashing;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves a token to its session. Every authenticated request does this before anything else, so it
 * is one statement on a pooled connection in autocommit: no transaction to begin and commit (a round
 * trip and Narayana's bookkeeping) and no persistence context to open, for a read of three rows at
 * most (decision 1171).
 */
@ApplicationScoped
public class TokenSessions {

    /** What a valid token resolves to. */
    public record Session(long accountId, String handle, Set<String> roles, String tokenHash) {
    }

    /** Tokens are ours, 32 random bytes, base64url: anything else cannot be one. */
    static final int TOKEN_CHARS = 43;

    /**
     * A token (the SHA-256 of its value) with its account and roles, one row per role. Public because
     * the API benchmark's pgbench baseline sends it as it is (ApiBenchmark).
     */
    public static final String RESOLVE = """
            select t.kind, t.expires_at, t.revoked_at, t.account_id, a.handle, r.role
            from access_token t join account a on a.id = t.account_id join account_role r on r.account_id = a.id
            where t.token_hash = ?""";

    private final AgroalDataSource db;
    private final Clock clock;

    public TokenSessions(AgroalDataSource db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** The session of a token of {@code kind}; a token of the other kind, or no token of ours, resolves to nothing. */
    public Optional<Session> resolve(String token, AccessToken.Kind kind) {
        if (token == null || token.length() != TOKEN_CHARS) {
            return Optional.empty();
        }
        String hash = Hashing.sha256Hex(token);
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(RESOLVE)) {
            s.setString(1, hash);
            try (ResultSet rows = s.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                if (!kind.name().equals(rows.getString("kind")) || !AccessToken.isUsableAt(instant(rows, "revoked_at"),
                        instant(rows, "expires_at"), clock.instant())) {
                    return Optional.empty();
                }
                long accountId = rows.getLong("account_id");
                String handle = rows.getString("handle");
                Set<String> roles = new HashSet<>();
                do {
                    roles.add(rows.getString("role"));
                } while (rows.next());
                return Optional.of(new Session(accountId, handle, Set.copyOf(roles), hash));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not resolve a token", e);
        }
    }

    private static Instant instant(ResultSet rows, String column) throws SQLException {
        OffsetDateTime at = rows.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }
}
