package dev.murmur.notification.service;

import dev.murmur.notification.NotificationKind;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * The notification writes of one consumer batch, inside its transaction. Each write is one
 * statement, idempotent in effect, and says (or reports through a callback) whether an account's
 * notifications changed, so the consumer signals only those.
 *
 * <p>Why queued: a like costs about 0.05 ms in PostgreSQL but a round trip and a Hibernate query
 * each when sent alone, and the consumer fell behind 5,000 events/s (docs/benchmarks.md,
 * "Notifications in JDBC batches"). Group joins, undos and single notifications are therefore queued and
 * sent as JDBC batches, a few round trips for a whole consumer batch. Batching changes no
 * outcome because of two rules:
 * <ul>
 *   <li>within one kind of statement the queue keeps the events' order (a batch runs its
 *       statements in order, each seeing the ones before it);</li>
 *   <li>across kinds, a flush sends joins, then single notifications, then undos. A join that
 *       follows a queued undo of its group therefore sends the queue first; an undo that follows a
 *       join of its group needs nothing, nor do single notifications, which never share a group key
 *       with joins and undos. A deleted post, which touches every group about it, sends the queue
 *       first and runs at once.</li>
 * </ul>
 * {@link #flush()} must run before anything reads the notification tables in the same transaction.
 */
final class NotificationWrites {

    /** What a notification is about besides its kind and actor; null where it does not apply. */
    record Subject(Long postId, String trendId, String tag, Long batchId, Long tipId, Long amount) {

        static Subject post(Long postId) {
            return new Subject(postId, null, null, null, null, null);
        }
    }

    /**
     * Adds the actor to the recipient's unread group of this key that started within the group
     * window, or starts a new group. An actor already in the group moves to its front.
     */
    private static final String JOIN = """
            with input as not materialized (
                select ?::bigint as a, ?::varchar as kind, ?::varchar as k, ?::bigint as post, ?::timestamptz as at,
                       ?::timestamptz as since, ?::bigint as actor),
            open as (
                select n.id from notification n, input i
                where n.account_id = i.a and n.group_key = i.k and n.read_at is null and n.created_at > i.since
                order by n.created_at desc limit 1 for update of n),
            joined as (
                update notification n set updated_at = greatest(n.updated_at, i.at) from input i
                where n.id in (select id from open) returning n.id),
            started as (
                insert into notification (account_id, kind, group_key, post_id, created_at, updated_at)
                select a, kind, k, post, at, at from input where not exists (select 1 from open)
                returning id)
            insert into notification_actor (notification_id, actor_id, acted_at)
            select g.id, i.actor, i.at from (select id from joined union all select id from started) g, input i
            on conflict (notification_id, actor_id) do update set acted_at = greatest(notification_actor.acted_at, excluded.acted_at)
            """;

    /** A notification of its own, with its one actor when it has one to show. */
    private static final String SINGLE = """
            with input as not materialized (
                select ?::bigint as a, ?::varchar as kind, ?::varchar as k, ?::bigint as post, ?::varchar as trend,
                       ?::varchar as tag, ?::bigint as batch, ?::bigint as tip, ?::bigint as amount, ?::timestamptz as at,
                       ?::bigint as actor),
            started as (
                insert into notification (account_id, kind, group_key, post_id, trend_id, tag, batch_id, tip_id, amount,
                                          created_at, updated_at)
                select a, kind, k, post, trend, tag, batch, tip, amount, at, at from input
                returning id)
            insert into notification_actor (notification_id, actor_id, acted_at)
            select s.id, i.actor, i.at from started s, input i where i.actor is not null
            """;

    /**
     * Takes the actor out of every group of this key, read or not, and deletes the groups it was
     * the last actor of. Its update count is the actor rows removed: the groups this changed.
     */
    private static final String LEAVE = """
            with input as not materialized (select ?::bigint as a, ?::varchar as k, ?::bigint as actor),
            emptied as (
                delete from notification n using input i
                where n.account_id = i.a and n.group_key = i.k
                  and exists (select 1 from notification_actor na where na.notification_id = n.id and na.actor_id = i.actor)
                  and not exists (select 1 from notification_actor na where na.notification_id = n.id and na.actor_id <> i.actor))
            delete from notification_actor na using notification n, input i
            where na.notification_id = n.id and n.account_id = i.a and n.group_key = i.k and na.actor_id = i.actor
            """;

    private static final String FORGET_POST = """
            delete from notification where post_id = ? and kind in ('MENTION', 'REPLY', 'QUOTE', 'LIKE', 'REPOST')
            returning account_id
            """;

    private record Join(long accountId, NotificationKind kind, String key, Long postId, Instant at, long actorId) {
    }

    private record Single(long accountId, NotificationKind kind, String key, Subject subject, Long actorId, Instant at) {
    }

    private record Leave(long accountId, String key, long actorId, LongConsumer changed) {
    }

    /** A group: one recipient's notifications of one key. */
    private record Group(long accountId, String key) {
    }

    private final EntityManager em;
    private final Duration groupWindow;
    private final List<Join> joins = new ArrayList<>();
    private final List<Single> singles = new ArrayList<>();
    private final List<Leave> leaves = new ArrayList<>();
    private final Set<Group> leaving = new HashSet<>();

    NotificationWrites(EntityManager em, Duration groupWindow) {
        this.em = em;
        this.groupWindow = groupWindow;
    }

    /** Queues the actor's joining the recipient's open group of this key (a like, a repost, a follow). */
    void join(long accountId, NotificationKind kind, String key, Long postId, long actorId, Instant at) {
        if (leaving.contains(new Group(accountId, key))) {
            flush(); // the undo first: a flush sends joins before undos
        }
        joins.add(new Join(accountId, kind, key, postId, at, actorId));
    }

    /** Queues a notification of its own (a reply, a tip, a trend credit...); {@code actorId} null when there is none to show. */
    void single(long accountId, NotificationKind kind, String key, Subject subject, Long actorId, Instant at) {
        singles.add(new Single(accountId, kind, key, subject, actorId, at));
    }

    /**
     * Queues an undo (unlike, unrepost, unfollow): the actor leaves every group of this key, and a
     * group left without actors goes, so neither the list nor the unread count shows what no
     * longer stands. {@code changed} hears the account once the undo ran, if it removed anything.
     */
    void leave(long accountId, String key, long actorId, LongConsumer changed) {
        leaving.add(new Group(accountId, key));
        leaves.add(new Leave(accountId, key, actorId, changed));
    }

    /**
     * A post was deleted: the notifications it caused (its mentions, the reply or quote it was) and
     * those about it (likes and reposts of it) go, at once. Tips on it stay: the money moved.
     *
     * @return the accounts whose notifications changed
     */
    Set<Long> forgetPost(long postId) {
        flush();
        Set<Long> changed = new HashSet<>();
        session().doWork(c -> {
            try (PreparedStatement s = c.prepareStatement(FORGET_POST)) {
                s.setLong(1, postId);
                try (var rows = s.executeQuery()) {
                    while (rows.next()) {
                        changed.add(rows.getLong(1));
                    }
                }
            }
        });
        return changed;
    }

    /** Sends every queued write: a JDBC batch per kind of statement, in the order they were queued. */
    void flush() {
        if (joins.isEmpty() && singles.isEmpty() && leaves.isEmpty()) {
            return;
        }
        session().doWork(c -> {
            send(c, JOIN, joins, (s, j) -> {
                s.setLong(1, j.accountId());
                s.setString(2, j.kind().name());
                s.setString(3, j.key());
                setLong(s, 4, j.postId());
                s.setObject(5, utc(j.at()));
                s.setObject(6, utc(j.at().minus(groupWindow)));
                s.setLong(7, j.actorId());
            });
            send(c, SINGLE, singles, (s, n) -> {
                Subject subject = n.subject();
                s.setLong(1, n.accountId());
                s.setString(2, n.kind().name());
                s.setString(3, n.key());
                setLong(s, 4, subject.postId());
                s.setString(5, subject.trendId());
                s.setString(6, subject.tag());
                setLong(s, 7, subject.batchId());
                setLong(s, 8, subject.tipId());
                setLong(s, 9, subject.amount());
                s.setObject(10, utc(n.at()));
                setLong(s, 11, n.actorId());
            });
            int[] removed = send(c, LEAVE, leaves, (s, l) -> {
                s.setLong(1, l.accountId());
                s.setString(2, l.key());
                s.setLong(3, l.actorId());
            });
            for (int i = 0; i < removed.length; i++) {
                // pgjdbc reports each statement's own count for a batch it does not rewrite
                if (removed[i] != 0) {
                    leaves.get(i).changed().accept(leaves.get(i).accountId());
                }
            }
        });
        joins.clear();
        singles.clear();
        leaves.clear();
        leaving.clear();
    }

    /** Binds one queued write's parameters. */
    @FunctionalInterface
    private interface Binder<W> {
        void bind(PreparedStatement s, W write) throws SQLException;
    }

    /** One JDBC batch of {@code sql}, a statement per write in their order; each statement's update count. */
    private static <W> int[] send(Connection c, String sql, List<W> writes, Binder<W> binder) throws SQLException {
        if (writes.isEmpty()) {
            return new int[0];
        }
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (W write : writes) {
                binder.bind(s, write);
                s.addBatch();
            }
            return s.executeBatch();
        }
    }

    private Session session() {
        return em.unwrap(Session.class);
    }

    private static void setLong(PreparedStatement s, int index, Long value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.BIGINT);
        } else {
            s.setLong(index, value);
        }
    }

    private static OffsetDateTime utc(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }
}
