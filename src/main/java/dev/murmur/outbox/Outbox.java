package dev.murmur.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * The transactional outbox. Services call {@link #append} inside the transaction that changes
 * state, so an event exists if and only if its change committed; {@link OutboxRelay} publishes it.
 */
@ApplicationScoped
public class Outbox {

    /** Keys hash to this many lanes; a relay owns a lane while it publishes (see OutboxRelay). */
    public static final int LANES = 16;

    private final EntityManager em;
    private final ObjectMapper json;
    private final Clock clock;

    public Outbox(EntityManager em, ObjectMapper json, Clock clock) {
        this.em = em;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Records an event for publication. MANDATORY: an event outside the state change's transaction
     * would be a dual write.
     *
     * @return the event id (UUIDv7), also the CloudEvents id
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID append(String topic, String key, String type, String subject, Object payload) {
        return append(UuidV7.next(clock), topic, key, type, subject, payload);
    }

    /**
     * Records an event under an id the caller derives from what it is about (for example a trend
     * and an account), so the same fact can never be published under two ids.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID append(UUID id, String topic, String key, String type, String subject, Object payload) {
        Instant now = clock.instant();
        String body;
        try {
            body = json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Event " + type + " cannot be serialised", e);
        }
        em.createNativeQuery("""
                        insert into outbox_event (id, topic, event_key, lane, type, subject, payload, occurred_at)
                        values (:id, :topic, :key, :lane, :type, :subject, :payload, :now)""")
                .setParameter("id", id).setParameter("topic", topic).setParameter("key", key)
                .setParameter("lane", lane(key)).setParameter("type", type).setParameter("subject", subject)
                .setParameter("payload", body).setParameter("now", now)
                .executeUpdate();
        return id;
    }

    static int lane(String key) {
        return Math.floorMod(key.hashCode(), LANES);
    }
}
