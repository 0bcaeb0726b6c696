package dev.murmur.account.service;

import dev.murmur.common.SqlArrays;
import dev.murmur.limit.Limit;
import dev.murmur.limit.RateLimiter;
import dev.murmur.account.Account;
import dev.murmur.account.Role;
import dev.murmur.common.SqlTimes;
import dev.murmur.common.UserText;
import dev.murmur.problem.ApiException;
import dev.murmur.problem.ProblemType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Accounts and their roles. Other features resolve accounts through this service. */
@ApplicationScoped
public class AccountService {

    public static final Pattern HANDLE = Pattern.compile("[A-Za-z0-9_]{3,30}");

    private final EntityManager em;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final Counter registrations;
    // Field-injected so that the limits stay out of the constructor other features extend.
    @Inject
    RateLimiter limits;
    private final SecurityEvents events;
    private final SessionCache sessions;

    public AccountService(EntityManager em, PasswordHasher hasher, Clock clock, MeterRegistry metrics, SecurityEvents events,
                          SessionCache sessions) {
        this.events = events;
        this.sessions = sessions;
        this.em = em;
        this.hasher = hasher;
        this.clock = clock;
        this.registrations = Counter.builder("murmur.accounts.registered").description("Accounts registered").register(metrics);
    }

    @Transactional
    public Account register(String handle, String displayName, String password) {
        limits.takeForClient(Limit.SIGN_UP_PER_ADDRESS); // a sign-up over HTTP; start-up's admin and the demo seeder have no client
        String canonical = canonicalHandle(handle);
        String name = cleanLine("displayName", displayName, 64);
        // ON CONFLICT keeps concurrent registrations of one handle from surfacing as a 500.
        @SuppressWarnings("unchecked")
        List<Number> ids = em.createNativeQuery("""
                        insert into account (handle, display_name, password_hash, created_at)
                        values (:handle, :name, :hash, :now)
                        on conflict (lower(handle)) do nothing
                        returning id""")
                .setParameter("handle", canonical)
                .setParameter("name", name)
                .setParameter("hash", hasher.hash(password))
                .setParameter("now", clock.instant())
                .getResultList();
        if (ids.isEmpty()) {
            throw ApiException.field(ProblemType.HANDLE_TAKEN, "handle", "'" + canonical + "' is already taken");
        }
        long id = ids.getFirst().longValue();
        insertRole(id, Role.USER, null);
        registrations.increment();
        return em.find(Account.class, id);
    }

    public Account require(String handle) {
        if (handle == null || !HANDLE.matcher(handle).matches()) {
            throw ApiException.notFound("Account @" + handle);
        }
        return Account.findByHandle(handle).orElseThrow(() -> ApiException.notFound("Account @" + handle));
    }

    public Account require(long id) {
        Account account = Account.findById(id);
        if (account == null) {
            throw ApiException.notFound("Account " + id);
        }
        return account;
    }

    /** Resolves handles to ids in one query; unknown handles are absent from the map. */
    public Map<String, Long> idsByHandle(Collection<String> handles) {
        if (handles.isEmpty()) {
            return Map.of();
        }
        List<String> lower = handles.stream().map(h -> h.toLowerCase(Locale.ROOT)).distinct().toList();
        return Account.<Account>list("handle in ?1", lower).stream()
                .collect(Collectors.toMap(a -> a.handle, a -> a.id));
    }

    /** The accounts with these ids, in one query, by id; unknown ids are absent from the map. */
    public Map<Long, Account> byIds(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return Account.<Account>list("id in ?1", List.copyOf(new java.util.HashSet<>(ids))).stream()
                .collect(Collectors.toMap(a -> a.id, a -> a));
    }

    /** The accounts among {@code ids} that moderation excludes (they do not count towards trends). */
    public java.util.Set<Long> moderatedAmong(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return java.util.Set.of();
        }
        @SuppressWarnings("unchecked")
        List<Number> rows = em.createNativeQuery("select id from account where moderated_at is not null and id = any(cast(:ids as bigint[]))")
                .setParameter("ids", SqlArrays.bigints(ids))
                .getResultList();
        return rows.stream().map(Number::longValue).collect(Collectors.toSet());
    }

    /**
     * Suspends an account (sets {@code moderated_at}, the flag trends read) or reinstates it.
     * Returns true if the flag changed; suspending a suspended account changes nothing. Only
     * {@code ModerationService} calls this, and it appends the moderation event in the same
     * transaction (MANDATORY), so the flag never changes without its event.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean setModerated(long accountId, boolean moderated, Instant at) {
        return em.createNativeQuery("""
                        update account set moderated_at = case when :m then cast(:at as timestamptz) end
                        where id = :id and (moderated_at is null) = :m""")
                .setParameter("m", moderated).setParameter("at", at).setParameter("id", accountId)
                .executeUpdate() == 1;
    }

    /** When the account was suspended by moderation, or empty if it is not. */
    public Optional<Instant> moderatedAt(long accountId) {
        @SuppressWarnings("unchecked")
        List<Object> rows = em.createNativeQuery("select moderated_at from account where id = :id")
                .setParameter("id", accountId).getResultList();
        return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(SqlTimes.instant(rows.getFirst()));
    }

    @Transactional
    public Account updateProfile(long accountId, Optional<String> displayName, Optional<String> bio) {
        Account account = require(accountId);
        displayName.ifPresent(name -> account.displayName = cleanLine("displayName", name, 64));
        bio.ifPresent(text -> account.bio = UserText.clean("bio", text, 300));
        return account;
    }

    public List<Role> roles(long accountId) {
        @SuppressWarnings("unchecked")
        List<String> names = em.createNativeQuery("select role from account_role where account_id = :id order by role")
                .setParameter("id", accountId)
                .getResultList();
        return names.stream().map(Role::valueOf).toList();
    }

    @Transactional
    public List<Role> grant(long adminId, String handle, Role role) {
        Account target = require(handle);
        refuseSelf(adminId, target, "grant");
        lockRoles(target.id);
        List<Role> held = roles(target.id);
        for (Role other : held) {
            if (role.excludes().contains(other)) {
                throw new ApiException(ProblemType.ROLE_CONFLICT, "@" + target.handle + " holds " + other + ", which may not be held"
                        + " together with " + role + " (an auditor is neither operator nor admin); revoke it first");
            }
        }
        if (!held.contains(role)) {
            insertRole(target.id, role, adminId);
            sessions.forgetAfterCommit(target.id);
            events.record(target.id, SecurityEvents.Kind.ROLE_GRANTED, null, SecurityEvents.Detail.role(role.name(), String.valueOf(adminId)));
        }
        return roles(target.id);
    }

    @Transactional
    public List<Role> revoke(long adminId, String handle, Role role) {
        Account target = require(handle);
        refuseSelf(adminId, target, "revoke");
        if (role == Role.USER) {
            throw ApiException.field(ProblemType.VALIDATION_FAILED, "role", "USER is every account's base role");
        }
        lockRoles(target.id);
        int removed = em.createNativeQuery("delete from account_role where account_id = :id and role = :role")
                .setParameter("id", target.id)
                .setParameter("role", role.name())
                .executeUpdate();
        if (removed > 0) {
            sessions.forgetAfterCommit(target.id);
            events.record(target.id, SecurityEvents.Kind.ROLE_REVOKED, null, SecurityEvents.Detail.role(role.name(), String.valueOf(adminId)));
        }
        return roles(target.id);
    }

    /** What {@link #bootstrapAdmin} did. */
    public enum BootstrapOutcome {
        /** A new account was created with the configured password and made ADMIN. */
        CREATED,
        /** The bootstrap admin was created on an earlier start; nothing changes (a demoted one stays demoted). */
        ALREADY_CREATED,
        /** Someone else's account holds the handle; it is never promoted. */
        HANDLE_TAKEN
    }

    /**
     * The configured first admin (decision 0615): created once, only as a new account with the configured
     * password, and remembered ({@code admin_bootstrap}) so that a restart never grants ADMIN again. An
     * existing account that holds the handle (someone registered it first) is never promoted.
     */
    @Transactional
    public BootstrapOutcome bootstrapAdmin(String handle, String password) {
        String canonical = canonicalHandle(handle);
        em.createNativeQuery("select pg_advisory_xact_lock(hashtext('admin-bootstrap'))").getSingleResult();
        if (!em.createNativeQuery("select 1 from admin_bootstrap where handle = :h").setParameter("h", canonical).getResultList().isEmpty()) {
            return BootstrapOutcome.ALREADY_CREATED;
        }
        if (Account.findByHandle(canonical).isPresent()) {
            return BootstrapOutcome.HANDLE_TAKEN;
        }
        Account admin = register(canonical, canonical, password);
        insertRole(admin.id, Role.ADMIN, null);
        em.createNativeQuery("insert into admin_bootstrap (handle, account_id, created_at) values (:h, :a, :t)")
                .setParameter("h", canonical).setParameter("a", admin.id).setParameter("t", clock.instant()).executeUpdate();
        events.record(admin.id, SecurityEvents.Kind.ROLE_GRANTED, null, SecurityEvents.Detail.role(Role.ADMIN.name(), "bootstrap"));
        return BootstrapOutcome.CREATED;
    }

    /** Serialises role changes of one account, so two concurrent grants cannot both pass the exclusion check. */
    private void lockRoles(long accountId) {
        em.createNativeQuery("select pg_advisory_xact_lock(hashtext('account-roles:' || cast(:id as text)))")
                .setParameter("id", accountId).getSingleResult();
    }

    private void refuseSelf(long adminId, Account target, String verb) {
        if (target.id == adminId) {
            throw new ApiException(ProblemType.FORBIDDEN, "Nobody can " + verb + " their own roles");
        }
    }

    private void insertRole(long accountId, Role role, Long grantedBy) {
        em.createNativeQuery("""
                        insert into account_role (account_id, role, granted_by, granted_at) values (:id, :role, :by, :now)
                        on conflict do nothing""")
                .setParameter("id", accountId)
                .setParameter("role", role.name())
                .setParameter("by", grantedBy)
                .setParameter("now", clock.instant())
                .executeUpdate();
    }

    static String canonicalHandle(String handle) {
        if (handle == null || !HANDLE.matcher(handle).matches()) {
            throw ApiException.field(ProblemType.VALIDATION_FAILED, "handle", "must be 3 to 30 characters from a-z, 0-9 and _");
        }
        return handle.toLowerCase(Locale.ROOT);
    }

    /** A single line: NFC, trimmed, no control characters or line breaks, not blank. */
    static String cleanLine(String field, String value, int maxGraphemes) {
        String text = UserText.clean(field, value, maxGraphemes);
        if (text.isEmpty() || text.contains("\n") || text.contains("\t")) {
            throw ApiException.field(ProblemType.VALIDATION_FAILED, field, "must be one non-blank line");
        }
        return text;
    }
}
