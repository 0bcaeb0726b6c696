package dev.murmur.account.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.murmur.common.SqlTimes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.murmur.common.SqlRows.number;

/**
 * What happened to an account's security, for the account itself to see (GET
 * /api/accounts/me/security-events): logins, step-ups, wallet links, withdrawals, role changes. Each is
 * written in the transaction of the action it records, so an action never happens without its event.
 * An event with a {@code ref} is recorded once per account, kind and ref (a retried withdrawal with the
 * same Idempotency-Key is one event). Decision 0616.
 */
@ApplicationScoped
public class SecurityEvents {

    public enum Kind { LOGIN, STEP_UP, WALLET_LINKED, WITHDRAWAL, ROLE_GRANTED, ROLE_REVOKED }

    public record Event(long id, Kind kind, Map<String, Object> detail, Instant at) {
    }

    private final EntityManager em;
    private final ObjectMapper json;
    private final Clock clock;

    public SecurityEvents(EntityManager em, ObjectMapper json, Clock clock) {
        this.em = em;
        this.json = json;
        this.clock = clock;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(long accountId, Kind kind, String ref, Map<String, Object> detail) {
        String body;
        try {
            body = json.writeValueAsString(detail);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        em.createNativeQuery("""
                        insert into account_security_event (account_id, kind, ref, detail, at) values (:a, :k, :r, cast(:d as jsonb), :t)
                        on conflict do nothing""")
                .setParameter("a", accountId).setParameter("k", kind.name()).setParameter("r", ref).setParameter("d", body)
                .setParameter("t", clock.instant()).executeUpdate();
    }

    /** The account's events, newest first. */
    @Transactional
    public List<Event> of(long accountId, int limit) {
        @SuppressWarnings("unchecked")
        List<Tuple> rows = em.createNativeQuery("""
                        select id, kind, cast(detail as text) as detail, at from account_security_event where account_id = :a
                        order by id desc limit :limit""", Tuple.class)
                .setParameter("a", accountId).setParameter("limit", limit).getResultList();
        return rows.stream().map(r -> new Event(number(r, "id"), Kind.valueOf(r.get("kind", String.class)),
                map(r.get("detail", String.class)), SqlTimes.instant(r.get("at")))).toList();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> map(String text) {
        try {
            return json.readValue(text, Map.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
