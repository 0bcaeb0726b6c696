package dev.murmur.common;

import dev.murmur.problem.ApiException;
import dev.murmur.problem.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Idempotency-Key support for creation endpoints. Callers run inside their own transaction:
 * {@link #replay} takes a transaction-scoped advisory lock on (account, scope, key), so two
 * concurrent retries serialise and the second one sees the first one's record.
 */
@ApplicationScoped
public class IdempotencyStore {

    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,128}");

    private final EntityManager em;
    private final Clock clock;

    public IdempotencyStore(EntityManager em, Clock clock) {
        this.em = em;
        this.clock = clock;
    }

    /**
     * The resource created earlier under this key, if any. Throws 409 when the key was used with a
     * different request.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Long> replay(long accountId, String scope, String key, String requestFingerprint) {
        if (!KEY.matcher(key).matches()) {
            throw ApiException.field(ProblemType.VALIDATION_FAILED, "Idempotency-Key", "must be 1 to 128 visible ASCII characters");
        }
        em.createNativeQuery("select pg_advisory_xact_lock(hashtextextended(:k, 0))")
                .setParameter("k", accountId + "/" + scope + "/" + key)
                .getSingleResult();
        @SuppressWarnings("unchecked")
        List<Tuple> rows = em.createNativeQuery("""
                        select request_hash, resource_id from idempotency_record
                        where account_id = :a and scope = :s and key = :k""", Tuple.class)
                .setParameter("a", accountId).setParameter("s", scope).setParameter("k", key)
                .getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Tuple recorded = rows.getFirst();
        if (!recorded.get("request_hash", String.class).equals(Hashing.sha256Hex(requestFingerprint))) {
            throw new ApiException(ProblemType.IDEMPOTENCY_KEY_REUSED,
                    "Idempotency-Key '" + key + "' was already used with a different request body");
        }
        return Optional.of(SqlRows.number(recorded, "resource_id"));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void remember(long accountId, String scope, String key, String requestFingerprint, long resourceId) {
        em.createNativeQuery("""
                        insert into idempotency_record (account_id, scope, key, request_hash, resource_id, created_at)
                        values (:a, :s, :k, :h, :r, :now)""")
                .setParameter("a", accountId).setParameter("s", scope).setParameter("k", key)
                .setParameter("h", Hashing.sha256Hex(requestFingerprint)).setParameter("r", resourceId)
                .setParameter("now", clock.instant())
                .executeUpdate();
    }

}
