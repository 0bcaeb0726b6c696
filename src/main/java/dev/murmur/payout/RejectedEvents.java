package dev.murmur.payout;

import dev.murmur.common.SqlTimes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static dev.murmur.common.SqlRows.nullableNumber;

/** Events the reward policy refused, and why; newest first. */
@ApplicationScoped
public class RejectedEvents {

    public record Rejected(UUID eventId, String type, String rule, String detail, Long creatorId, Long readerId,
                           Long postId, Instant recordedAt) {
    }

    private final EntityManager em;

    public RejectedEvents(EntityManager em) {
        this.em = em;
    }

    public List<Rejected> latest(int limit) {
        @SuppressWarnings("unchecked")
        List<Tuple> rows = em.createNativeQuery("""
                        select event_id, type, rule, detail, creator_id, reader_id, post_id, recorded_at
                        from rejected_event order by recorded_at desc, event_id desc limit :limit""", Tuple.class)
                .setParameter("limit", limit).getResultList();
        return rows.stream().map(r -> new Rejected(r.get("event_id", UUID.class), r.get("type", String.class), r.get("rule", String.class),
                r.get("detail", String.class), nullableNumber(r, "creator_id"), nullableNumber(r, "reader_id"), nullableNumber(r, "post_id"),
                SqlTimes.instant(r.get("recorded_at")))).toList();
    }

}
