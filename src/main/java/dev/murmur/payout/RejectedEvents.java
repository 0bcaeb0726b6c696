package dev.murmur.payout;

import dev.murmur.common.SqlTimes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

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
        List<Object[]> rows = em.createNativeQuery("""
                        select event_id, type, rule, detail, creator_id, reader_id, post_id, recorded_at
                        from rejected_event order by recorded_at desc, event_id desc limit :limit""")
                .setParameter("limit", limit).getResultList();
        return rows.stream().map(r -> new Rejected((UUID) r[0], (String) r[1], (String) r[2], (String) r[3],
                r[4] == null ? null : ((Number) r[4]).longValue(), r[5] == null ? null : ((Number) r[5]).longValue(),
                r[6] == null ? null : ((Number) r[6]).longValue(), SqlTimes.instant(r[7]))).toList();
    }

}
