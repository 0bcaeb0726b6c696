package dev.murmur.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
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
        String body = body(type, payload);
        em.createNativeQuery("""
                        insert into outbox_event (id, topic, event_key, lane, type, subject, payload, occurred_at)
                        values (:id, :topic, :key, :lane, :type, :subject, :payload, :now)""")
                .setParameter("id", id).setParameter("topic", topic).setParameter("key", key)
                .setParameter("lane", lane(key)).setParameter("type", type).setParameter("subject", subject)
                .setParameter("payload", body).setParameter("now", now)
                .executeUpdate();
        return id;
    }

    /** An event of a batch: what {@link #append(String, String, String, String, Object)} takes, less the topic. */
    public record Pending(String key, String type, String subject, Object payload) {
    }

    /**
     * Records a batch of events on one topic with one statement, in the order given (their relay
     * order within a lane). MANDATORY, as {@link #append}. For writers that commit many changes in
     * one transaction (LikeCommits): one insert of many rows costs PostgreSQL and the app a fraction
     * of one insert per event.
     *
     * @return the events' ids (UUIDv7), in the order given
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<UUID> appendAll(String topic, List<Pending> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        int n = events.size();
        UUID[] ids = new UUID[n];
        String[] keys = new String[n];
        Integer[] lanes = new Integer[n];
        String[] types = new String[n];
        String[] subjects = new String[n];
        String[] payloads = new String[n];
        for (int i = 0; i < n; i++) {
            Pending event = events.get(i);
            ids[i] = UuidV7.next(clock);
            keys[i] = event.key();
            lanes[i] = lane(event.key());
            types[i] = event.type();
            subjects[i] = event.subject();
            payloads[i] = body(event.type(), event.payload());
        }
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        // The rows' order in unnest is their seq order: "with ordinality" makes it explicit.
        em.unwrap(Session.class).doWork(c -> {
            try (PreparedStatement s = c.prepareStatement("""
                    insert into outbox_event (id, topic, event_key, lane, type, subject, payload, occurred_at)
                    select e.id, ?, e.event_key, e.lane, e.type, e.subject, e.payload, ?
                    from unnest(?::uuid[], ?::text[], ?::smallint[], ?::text[], ?::text[], ?::text[])
                         with ordinality as e(id, event_key, lane, type, subject, payload, n)
                    order by e.n""")) {
                s.setString(1, topic);
                s.setObject(2, now);
                s.setArray(3, c.createArrayOf("uuid", ids));
                s.setArray(4, c.createArrayOf("text", keys));
                s.setArray(5, c.createArrayOf("int4", lanes));
                s.setArray(6, c.createArrayOf("text", types));
                s.setArray(7, c.createArrayOf("text", subjects));
                s.setArray(8, c.createArrayOf("text", payloads));
                s.executeUpdate();
            }
        });
        return List.of(ids);
    }

    private String body(String type, Object payload) {
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Event " + type + " cannot be serialised", e);
        }
    }

    static int lane(String key) {
        return Math.floorMod(key.hashCode(), LANES);
    }
}
