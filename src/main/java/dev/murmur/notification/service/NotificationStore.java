package dev.murmur.notification.service;

import dev.murmur.notification.NotificationConfig;
import dev.murmur.notification.NotificationKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The notification tables' writes, each one idempotent in effect, inside the consumer's
 * transaction (MANDATORY). Each method says whether anything changed, so the consumer signals only
 * the accounts whose notifications did.
 */
@ApplicationScoped
public class NotificationStore {

    /** What a notification is about besides its kind and actor; null where it does not apply. */
    public record Subject(Long postId, String trendId, String tag, Long batchId, Long tipId, Long amount) {

        public static Subject post(Long postId) {
            return new Subject(postId, null, null, null, null, null);
        }
    }

    private final EntityManager em;
    private final NotificationConfig config;

    public NotificationStore(EntityManager em, NotificationConfig config) {
        this.em = em;
        this.config = config;
    }

    /**
     * Adds {@code actorId} to the unread group {@code key} of {@code accountId} that started within
     * the group window, or starts a new group. An actor already in the group moves to its front.
     * One statement: the consumer applies a like in one round trip, not three (docs/benchmarks.md,
     * Pipeline, notifications).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean join(long accountId, NotificationKind kind, String key, Subject subject, long actorId, Instant at) {
        bindNotification(em.createNativeQuery("""
                        with open as (
                            select id from notification
                            where account_id = :a and group_key = :k and read_at is null and created_at > :since
                            order by created_at desc limit 1 for update),
                        joined as (
                            update notification set updated_at = greatest(updated_at, :at) where id in (select id from open) returning id),
                        started as (
                            insert into notification (account_id, kind, group_key, post_id, trend_id, tag, batch_id, tip_id, amount,
                                                      created_at, updated_at)
                            select :a, :kind, :k, cast(:post as bigint), cast(:trend as varchar), cast(:tag as varchar),
                                   cast(:batch as bigint), cast(:tip as bigint), cast(:amount as bigint), :at, :at
                            where not exists (select 1 from open)
                            returning id)
                        insert into notification_actor (notification_id, actor_id, acted_at)
                        select id, :actor, :at from (select id from joined union all select id from started) g
                        """ + ACTOR_AGAIN), accountId, kind, key, subject, at)
                .setParameter("since", at.minus(config.groupWindow())).setParameter("actor", actorId).executeUpdate();
        return true;
    }

    /** A notification of its own (a reply, a tip, a trend credit...); {@code actorId} null when there is none to show. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean single(long accountId, NotificationKind kind, String key, Subject subject, Long actorId, Instant at) {
        bindNotification(em.createNativeQuery("""
                        with started as (
                            insert into notification (account_id, kind, group_key, post_id, trend_id, tag, batch_id, tip_id, amount,
                                                      created_at, updated_at)
                            values (:a, :kind, :k, :post, :trend, :tag, :batch, :tip, :amount, :at, :at)
                            returning id)
                        insert into notification_actor (notification_id, actor_id, acted_at)
                        select id, cast(:actor as bigint), :at from started where cast(:actor as bigint) is not null
                        """ + ACTOR_AGAIN), accountId, kind, key, subject, at)
                .setParameter("actor", actorId).executeUpdate();
        return true;
    }

    /** An actor already in the group moves to its front. */
    private static final String ACTOR_AGAIN =
            "on conflict (notification_id, actor_id) do update set acted_at = greatest(notification_actor.acted_at, excluded.acted_at)";

    /** Binds a new notification's columns, by the names {@link #join} and {@link #single} give them. */
    private static Query bindNotification(Query q, long accountId, NotificationKind kind, String key, Subject s, Instant at) {
        return q.setParameter("a", accountId).setParameter("kind", kind.name()).setParameter("k", key)
                .setParameter("post", s.postId()).setParameter("trend", s.trendId()).setParameter("tag", s.tag())
                .setParameter("batch", s.batchId()).setParameter("tip", s.tipId()).setParameter("amount", s.amount())
                .setParameter("at", at);
    }

    /**
     * Undo (unlike, unrepost, unfollow): takes {@code actorId} out of every group {@code key} of
     * {@code accountId}, read or not, and deletes the groups left without actors, so neither the
     * list nor the unread count shows what no longer stands.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean leave(long accountId, String key, long actorId) {
        int removed = em.createNativeQuery("""
                        delete from notification_actor na using notification n
                        where na.notification_id = n.id and n.account_id = :a and n.group_key = :k and na.actor_id = :actor""")
                .setParameter("a", accountId).setParameter("k", key).setParameter("actor", actorId).executeUpdate();
        if (removed == 0) {
            return false;
        }
        em.createNativeQuery("""
                        delete from notification n where n.account_id = :a and n.group_key = :k
                        and not exists (select 1 from notification_actor na where na.notification_id = n.id)""")
                .setParameter("a", accountId).setParameter("k", key).executeUpdate();
        return true;
    }

    /**
     * A post was deleted: the notifications it caused (its mentions, the reply or quote it was) and
     * those about it (likes and reposts of it) go. Tips on it stay: the money moved.
     *
     * @return the accounts whose notifications changed
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Set<Long> forgetPost(long postId) {
        @SuppressWarnings("unchecked")
        List<Number> accounts = em.createNativeQuery("""
                        delete from notification where post_id = :p and kind in ('MENTION', 'REPLY', 'QUOTE', 'LIKE', 'REPOST')
                        returning account_id""")
                .setParameter("p", postId).getResultList();
        Set<Long> changed = new HashSet<>();
        accounts.forEach(n -> changed.add(n.longValue()));
        return changed;
    }
}
