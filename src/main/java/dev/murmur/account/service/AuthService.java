package dev.murmur.account.service;

import dev.murmur.account.AccessToken;
import dev.murmur.account.Account;
import dev.murmur.account.config.AuthConfig;
import dev.murmur.common.Hashing;
import dev.murmur.limit.Limit;
import dev.murmur.limit.RateLimiter;
import dev.murmur.problem.ApiException;
import dev.murmur.problem.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Logins, step-up and logout; issuing and revoking tokens. {@link TokenSessions} resolves them. */
@ApplicationScoped
public class AuthService {

    public record IssuedToken(String token, Instant expiresAt, Account account) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final EntityManager em;
    private final PasswordHasher hasher;
    private final AuthConfig config;
    private final Clock clock;
    // Field-injected so that the limits stay out of the constructor other features extend.
    @Inject
    RateLimiter limits;
    private final SecurityEvents events;
    private final SessionCache sessions;

    public AuthService(EntityManager em, PasswordHasher hasher, AuthConfig config, Clock clock, SecurityEvents events,
                       SessionCache sessions) {
        this.em = em;
        this.hasher = hasher;
        this.config = config;
        this.clock = clock;
        this.events = events;
        this.sessions = sessions;
    }

    /** Logs in for an API client: a bearer token. */
    @Transactional
    public IssuedToken login(String handle, String password) {
        return login(handle, password, AccessToken.Kind.BEARER);
    }

    /**
     * Logs in and issues a token of {@code kind}: a bearer token for API clients, or a browser
     * session (shorter-lived, murmur.auth.session-ttl) that only the web app's cookie carries.
     * Both kinds pass the same login limits.
     */
    @Transactional
    public IssuedToken login(String handle, String password, AccessToken.Kind kind) {
        // Both limits are taken before the Argon2 work they protect (docs/security.md "Limits").
        limits.takeForClient(Limit.LOGIN_PER_ADDRESS);
        String handleKey = handleKey(handle);
        limits.take(Limit.LOGIN_FAILURES_PER_HANDLE, handleKey);
        // A string that cannot be a handle (a NUL, which PostgreSQL refuses as text, or 5,000 characters)
        // is never looked up: it is an unknown handle, answered after the same work.
        Optional<Account> account = handle != null && AccountService.HANDLE.matcher(handle).matches()
                ? Account.findByHandle(handle) : Optional.empty();
        if (account.isEmpty()) {
            hasher.burnTime(password);
            throw new ApiException(ProblemType.INVALID_CREDENTIALS, "Handle or password is wrong");
        }
        if (!hasher.matches(password, account.get().passwordHash)) {
            throw new ApiException(ProblemType.INVALID_CREDENTIALS, "Handle or password is wrong");
        }
        limits.giveBack(Limit.LOGIN_FAILURES_PER_HANDLE, handleKey); // a success is not a failure
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Instant now = clock.instant();
        AccessToken stored = new AccessToken();
        stored.tokenHash = Hashing.sha256Hex(token);
        stored.accountId = account.get().id;
        stored.createdAt = now;
        stored.kind = kind;
        stored.authenticatedAt = now;
        stored.expiresAt = now.plus(kind == AccessToken.Kind.SESSION ? config.sessionTtl() : config.tokenTtl());
        stored.persist();
        events.record(account.get().id, SecurityEvents.Kind.LOGIN, null, SecurityEvents.Detail.none());
        return new IssuedToken(token, stored.expiresAt, account.get());
    }

    /**
     * The per-handle limit's key: the handle as accounts are looked up (case-insensitive). Text that cannot
     * be a handle shares one key, so a flood of made-up long "handles" cannot fill the limiter's memory.
     */
    private static String handleKey(String handle) {
        return handle != null && AccountService.HANDLE.matcher(handle).matches() ? handle.toLowerCase(Locale.ROOT) : "(not a handle)";
    }

    /**
     * Step-up: the holder of this token proves the password again, and the token counts as freshly
     * authenticated for the step-up window (decision 0616). A wrong password changes nothing.
     */
    @Transactional
    public Instant stepUp(long accountId, String tokenHash, String password) {
        Account account = Account.findById(accountId);
        if (account == null || password == null || !hasher.matches(password, account.passwordHash)) {
            throw new ApiException(ProblemType.INVALID_CREDENTIALS, "The password is wrong");
        }
        Instant now = clock.instant();
        em.createNativeQuery("update access_token set authenticated_at = :t where token_hash = :h and account_id = :a")
                .setParameter("t", now).setParameter("h", tokenHash).setParameter("a", accountId).executeUpdate();
        events.record(accountId, SecurityEvents.Kind.STEP_UP, null, SecurityEvents.Detail.none());
        return now;
    }

    /** Revokes the token; this process refuses it from the next request on, the others once notified (decision 1176). */
    @Transactional
    public void logout(String tokenHash) {
        List<?> accounts = em.createNativeQuery("update access_token set revoked_at = :now where token_hash = :hash and revoked_at is null"
                        + " returning account_id")
                .setParameter("now", clock.instant())
                .setParameter("hash", tokenHash)
                .getResultList();
        accounts.forEach(account -> sessions.forgetAfterCommit(((Number) account).longValue()));
    }
}
