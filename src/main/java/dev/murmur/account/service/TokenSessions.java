package dev.murmur.account.service;

import dev.murmur.account.AccessToken;
import dev.murmur.common.Hashing;
import dev.murmur.common.CommittedReads;
import dev.murmur.common.SqlTimes;
import dev.murmur.common.NamedSql;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Resolves a token to its session. Every authenticated request does this before anything else. A
 * session this process resolved recently comes from the {@link SessionCache}, which changes to tokens
 * and roles reach by notification (decision 1176); otherwise it is one committed read
 * ({@link CommittedReads}): no transaction to begin and commit and no persistence context to open,
 * for a read of three rows at most (decision 1171).
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
     * the API benchmark's pgbench baseline checks its viewers' tokens with it (HomePageSql).
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
    private final SessionCache cache;
    private final SessionInvalidations invalidations;
    private final Clock clock;

    public TokenSessions(CommittedReads reads, SessionCache cache, SessionInvalidations invalidations, Clock clock) {
        this.reads = reads;
        this.cache = cache;
        this.invalidations = invalidations;
        this.clock = clock;
    }

    /** The cache serves once its listener listens: started with the first token resolved, in a process that serves requests. */
    @PostConstruct
    void listen() {
        invalidations.start();
    }

    /**
     * The session of a token of {@code kind} if this process has it cached; empty says nothing about
     * the token, {@link #resolve} decides. Never blocks: an event loop may ask.
     */
    public Optional<Session> cached(String token, AccessToken.Kind kind) {
        if (token == null || token.length() != TOKEN_CHARS) {
            return Optional.empty();
        }
        return cache.get(Hashing.sha256Hex(token), kind, clock.instant());
    }

    /**
     * The session of a token of {@code kind}, read from the database (after {@link #cached} found
     * none), and kept in the cache when valid; a token of the other kind, or no token of ours,
     * resolves to nothing.
     */
    public Optional<Session> resolve(String token, AccessToken.Kind kind) {
        if (token == null || token.length() != TOKEN_CHARS) {
            return Optional.empty();
        }
        String hash = Hashing.sha256Hex(token);
        Instant now = clock.instant();
        long readSince = cache.generation();
        List<Row> rows = reads.list(RESOLVE_SQL, Map.of("hash", hash), r -> new Row(r.getString("kind"),
                SqlTimes.instant(r, "expires_at"), SqlTimes.instant(r, "revoked_at"), r.getLong("account_id"),
                r.getString("handle"), r.getString("role")));
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Row first = rows.getFirst();
        if (!kind.name().equals(first.kind()) || !AccessToken.isUsableAt(first.revokedAt(), first.expiresAt(), now)) {
            return Optional.empty();
        }
        Set<String> roles = rows.stream().map(Row::role).collect(Collectors.toUnmodifiableSet());
        Session session = new Session(first.accountId(), first.handle(), roles, hash);
        cache.put(hash, new SessionCache.Entry(session, kind, first.expiresAt()), readSince);
        return Optional.of(session);
    }
}
