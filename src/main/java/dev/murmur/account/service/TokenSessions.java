package dev.murmur.account.service;

import dev.murmur.account.AccessToken;
import dev.murmur.common.Hashing;
import dev.murmur.common.CommittedReads;
import dev.murmur.common.SqlTimes;
import dev.murmur.common.NamedSql;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Resolves a token to its session. Every authenticated request does this before anything else, so it
 * is one committed read ({@link CommittedReads}): no transaction to begin and commit (a round trip and
 * Narayana's bookkeeping) and no persistence context to open, for a read of three rows at most
 * (decision 1171).
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
            where t.token_hash = :hash""";
    private static final NamedSql RESOLVE_SQL = NamedSql.of(RESOLVE);

    /** One row of {@link #RESOLVE}. */
    private record Row(String kind, Instant expiresAt, Instant revokedAt, long accountId, String handle, String role) {
    }

    private final CommittedReads reads;
    private final Clock clock;

    public TokenSessions(CommittedReads reads, Clock clock) {
        this.reads = reads;
        this.clock = clock;
    }

    /** The session of a token of {@code kind}; a token of the other kind, or no token of ours, resolves to nothing. */
    public Optional<Session> resolve(String token, AccessToken.Kind kind) {
        if (token == null || token.length() != TOKEN_CHARS) {
            return Optional.empty();
        }
        String hash = Hashing.sha256Hex(token);
        List<Row> rows = reads.list(RESOLVE_SQL, Map.of("hash", hash), r -> new Row(r.getString("kind"),
                SqlTimes.instant(r, "expires_at"), SqlTimes.instant(r, "revoked_at"), r.getLong("account_id"),
                r.getString("handle"), r.getString("role")));
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Row first = rows.getFirst();
        if (!kind.name().equals(first.kind()) || !AccessToken.isUsableAt(first.revokedAt(), first.expiresAt(), clock.instant())) {
            return Optional.empty();
        }
        Set<String> roles = rows.stream().map(Row::role).collect(Collectors.toUnmodifiableSet());
        return Optional.of(new Session(first.accountId(), first.handle(), roles, hash));
    }
}
