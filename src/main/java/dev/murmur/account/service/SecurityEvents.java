package dev.murmur.account.service;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.murmur.common.ScalarAsText;
import dev.murmur.common.SqlTimes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

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

    public record Event(long id, Kind kind, Detail detail, Instant at) {
    }

    /**
     * What an event adds to its kind. Each kind fills its own fields and the others stay null and out of
     * the JSON: {@code WALLET_LINKED} the address (and the previous one), {@code WITHDRAWAL} the amount in
     * base units and the withdrawal id, {@code ROLE_GRANTED}/{@code ROLE_REVOKED} the role and who changed
     * it ({@code by}: the admin's account id, or {@code bootstrap} for the first admin). Rows stored
     * before this type kept {@code by} as a number; it reads back as the same digits.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Detail(String address, String previous, Long amount, Long withdrawal, String role,
                         @JsonDeserialize(using = ScalarAsText.class) String by) {

        public static Detail none() {
            return new Detail(null, null, null, null, null, null);
        }

        public static Detail wallet(String address, String previous) {
            return new Detail(address, previous, null, null, null, null);
        }

        public static Detail withdrawal(long amount, long withdrawalId) {
            return new Detail(null, null, amount, withdrawalId, null, null);
        }

        public static Detail role(String role, String by) {
            return new Detail(null, null, null, null, role, by);
        }
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
    public void record(long accountId, Kind kind, String ref, Detail detail) {
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
                detail(r.get("detail", String.class)), SqlTimes.instant(r.get("at")))).toList();
    }

    private Detail detail(String text) {
        try {
            return json.readValue(text, Detail.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
