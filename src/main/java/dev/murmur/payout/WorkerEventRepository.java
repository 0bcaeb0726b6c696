package dev.murmur.payout;

import dev.murmur.moderation.ModerationEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The payout worker's own rows, apart from the ledger's: the events it refused ({@code rejected_event})
 * and the moderation decisions it applied ({@code payout_moderation}). Set-based, one statement per
 * batch each, in the applying transaction; fixed SQL with bound parameters.
 */
@ApplicationScoped
class WorkerEventRepository {

    private final EntityManager em;

    WorkerEventRepository(EntityManager em) {
        this.em = em;
    }

    /** Of {@code ids}, those refused already. */
    @Transactional(Transactional.TxType.MANDATORY)
    Set<UUID> refused(Collection<UUID> ids) {
        return found("select event_id from rejected_event where event_id = any(?::uuid[])", ids);
    }

    /** Of {@code ids}, the moderation events applied already. */
    @Transactional(Transactional.TxType.MANDATORY)
    Set<UUID> moderationsApplied(Collection<UUID> ids) {
        return found("select event_id from payout_moderation where event_id = any(?::uuid[])", ids);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void recordRefusals(List<Refusal> refusals, Instant now) {
        if (refusals.isEmpty()) {
            return;
        }
        em.unwrap(Session.class).doWork(c -> {
            try (PreparedStatement s = c.prepareStatement("""
                    insert into rejected_event (event_id, type, rule, detail, creator_id, reader_id, post_id, recorded_at)
                    select t.*, ? from unnest(?::uuid[], ?::varchar[], ?::varchar[], ?::varchar[], ?::bigint[], ?::bigint[], ?::bigint[])
                      as t(event_id, type, rule, detail, creator_id, reader_id, post_id)""")) {
                s.setTimestamp(1, Timestamp.from(now));
                s.setArray(2, c.createArrayOf("uuid", refusals.stream().map(Refusal::id).toArray()));
                s.setArray(3, c.createArrayOf("varchar", refusals.stream().map(Refusal::type).toArray()));
                s.setArray(4, c.createArrayOf("varchar", refusals.stream().map(Refusal::rule).toArray()));
                s.setArray(5, c.createArrayOf("varchar", refusals.stream().map(Refusal::detail).toArray()));
                s.setArray(6, c.createArrayOf("bigint", refusals.stream().map(Refusal::creator).toArray()));
                s.setArray(7, c.createArrayOf("bigint", refusals.stream().map(Refusal::reader).toArray()));
                s.setArray(8, c.createArrayOf("bigint", refusals.stream().map(Refusal::post).toArray()));
                s.executeUpdate();
            }
        });
    }

    /** Records the moderation events applied, in order: they are the suspensions' state, and their dedupe. */
    @Transactional(Transactional.TxType.MANDATORY)
    void recordModerations(List<Applied> moderations, Instant now) {
        if (moderations.isEmpty()) {
            return;
        }
        em.unwrap(Session.class).doWork(c -> {
            try (PreparedStatement s = c.prepareStatement("""
                    insert into payout_moderation (event_id, type, creator_id, post_id, occurred_at, applied_at)
                    select event_id, type, creator_id, post_id, occurred_at, ?
                    from unnest(?::uuid[], ?::varchar[], ?::bigint[], ?::bigint[], ?::timestamptz[]) with ordinality
                      as t(event_id, type, creator_id, post_id, occurred_at, n)
                    order by n""")) {
                s.setTimestamp(1, Timestamp.from(now));
                s.setArray(2, c.createArrayOf("uuid", moderations.stream().map(Applied::id).toArray()));
                s.setArray(3, c.createArrayOf("varchar", moderations.stream().map(m -> m.event().type()).toArray()));
                s.setArray(4, c.createArrayOf("bigint", moderations.stream().map(m -> m.event().creatorId()).toArray()));
                s.setArray(5, c.createArrayOf("bigint", moderations.stream().map(m -> m.event().postId()).toArray()));
                s.setArray(6, c.createArrayOf("timestamptz", moderations.stream().map(m -> Timestamp.from(m.event().occurredAt())).toArray()));
                s.executeUpdate();
            }
        });
    }

    /** A moderation event applied, by its event id. */
    record Applied(UUID id, ModerationEvent event) {
    }

    private Set<UUID> found(String sql, Collection<UUID> ids) {
        Set<UUID> found = new HashSet<>();
        if (ids.isEmpty()) {
            return found;
        }
        em.unwrap(Session.class).doWork(c -> collect(c, sql, ids, found));
        return found;
    }

    private static void collect(Connection c, String sql, Collection<UUID> ids, Set<UUID> into) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    into.add(rs.getObject(1, UUID.class));
                }
            }
        }
    }
}
