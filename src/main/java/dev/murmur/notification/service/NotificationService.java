package dev.murmur.notification.service;

import dev.murmur.common.SqlArrays;
import dev.murmur.account.Account;
import dev.murmur.account.service.AccountService;
import dev.murmur.common.CommittedReads;
import dev.murmur.common.NamedSql;
import dev.murmur.common.SqlTimes;
import dev.murmur.notification.Notification;
import dev.murmur.notification.NotificationConfig;
import dev.murmur.notification.NotificationKind;
import dev.murmur.notification.NotificationPage;
import dev.murmur.notification.NotificationsChanged;
import dev.murmur.outbox.Outbox;
import dev.murmur.outbox.Topics;
import dev.murmur.problem.ApiException;
import dev.murmur.problem.ProblemType;
import dev.murmur.timeline.service.Cursor;
import dev.murmur.timeline.service.TimelineService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.murmur.common.SqlRows.nullableNumber;
import static dev.murmur.common.SqlRows.number;

/**
 * An account's notifications: the grouped list, newest first (by the time the latest actor joined),
 * the unread count, and marking them read. A page costs three statements whatever its size: the
 * groups, their most recent actors, and those actors' profiles.
 */
@ApplicationScoped
public class NotificationService {

    /**
     * Unread counts of several accounts; accounts with none have no row. Run through Hibernate inside
     * a transaction (its own writes counted), or as a committed read outside one (decision 1172).
     */
    private static final String UNREAD_COUNTS = """
            select account_id, count(*) as unread from notification
            where read_at is null and account_id = any(cast(:ids as bigint[])) group by account_id""";
    private static final NamedSql UNREAD_COUNTS_SQL = NamedSql.of(UNREAD_COUNTS);

    private final EntityManager em;
    private final CommittedReads reads;
    private final AccountService accounts;
    private final Outbox outbox;
    private final NotificationConfig config;
    private final Clock clock;

    public NotificationService(EntityManager em, CommittedReads reads, AccountService accounts, Outbox outbox,
                               NotificationConfig config, Clock clock) {
        this.em = em;
        this.reads = reads;
        this.accounts = accounts;
        this.outbox = outbox;
        this.config = config;
        this.clock = clock;
    }

    /** A page of {@code accountId}'s notifications; pass the previous page's {@code nextCursor} as {@code cursor}. */
    public NotificationPage page(long accountId, String cursor, int limit) {
        if (limit < 1 || limit > TimelineService.MAX_LIMIT) {
            throw ApiException.field(ProblemType.VALIDATION_FAILED, "limit", "must be between 1 and " + TimelineService.MAX_LIMIT);
        }
        Cursor after = cursor == null || cursor.isEmpty() ? null : Cursor.decode(cursor);
        Query query = em.createNativeQuery("""
                        select n.id, n.kind, n.post_id, n.trend_id, n.tag, n.batch_id, n.tip_id, n.amount, n.created_at, n.updated_at,
                               n.read_at is not null as read,
                               (select count(*) from notification_actor a where a.notification_id = n.id) as actor_count
                        from notification n where n.account_id = :a"""
                + (after == null ? "" : " and (n.updated_at, n.id) < (:afterTime, :afterId)")
                + " order by n.updated_at desc, n.id desc limit :limit", Tuple.class)
                .setParameter("a", accountId).setParameter("limit", limit + 1);
        if (after != null) {
            query.setParameter("afterTime", after.createdAt().atOffset(ZoneOffset.UTC)).setParameter("afterId", after.id());
        }
        @SuppressWarnings("unchecked")
        List<Tuple> rows = query.getResultList();
        boolean more = rows.size() > limit;
        List<Tuple> shown = more ? rows.subList(0, limit) : rows;
        Map<Long, List<Notification.Actor>> actors = recentActors(shown.stream().map(r -> number(r, "id")).toList());
        List<Notification> items = new ArrayList<>(shown.size());
        for (Tuple r : shown) {
            long id = number(r, "id");
            items.add(new Notification(id, NotificationKind.valueOf(r.get("kind", String.class)), actors.getOrDefault(id, List.of()),
                    number(r, "actor_count"), nullableNumber(r, "post_id"), r.get("trend_id", String.class), r.get("tag", String.class),
                    nullableNumber(r, "batch_id"), nullableNumber(r, "tip_id"), nullableNumber(r, "amount"),
                    SqlTimes.instant(r.get("created_at")), SqlTimes.instant(r.get("updated_at")), r.get("read", Boolean.class)));
        }
        String next = more ? new Cursor(items.getLast().updatedAt(), items.getLast().id()).encode() : null;
        return new NotificationPage(items, next);
    }

    /**
     * How many of {@code accountId}'s notifications (groups) are unread, as committed: a plain read
     * outside any transaction, since every signed-in page and the live push ask for it.
     */
    public long unreadCount(long accountId) {
        return reads.list(UNREAD_COUNTS_SQL, Map.of("ids", List.of(accountId)), row -> row.getLong("unread")).stream()
                .findFirst().orElse(0L);
    }

    /**
     * Marks every notification of {@code accountId} read. Later events start new groups. The
     * account's other browser tabs hear of it through the live push.
     */
    @Transactional
    public void markRead(long accountId) {
        Instant now = clock.instant();
        int marked = em.createNativeQuery("update notification set read_at = :now where account_id = :a and read_at is null")
                .setParameter("now", now).setParameter("a", accountId).executeUpdate();
        if (marked > 0) {
            // Counted in this transaction, after its own update: 0 unless a notification arrived meanwhile.
            long unread = unreadCounts(em, List.of(accountId)).getOrDefault(accountId, 0L);
            NotificationsChanged event = new NotificationsChanged(NotificationsChanged.SCHEMA_VERSION, accountId, unread, now);
            outbox.append(Topics.NOTIFICATIONS, event.key(), NotificationsChanged.TYPE, event.subject(), event);
        }
    }

    /** {@link #UNREAD_COUNTS} in the caller's transaction; accounts with none are absent. */
    static Map<Long, Long> unreadCounts(EntityManager em, Collection<Long> accountIds) {
        @SuppressWarnings("unchecked")
        List<Tuple> rows = em.createNativeQuery(UNREAD_COUNTS, Tuple.class)
                .setParameter("ids", SqlArrays.bigints(accountIds))
                .getResultList();
        Map<Long, Long> counts = new HashMap<>();
        rows.forEach(r -> counts.put(number(r, "account_id"), number(r, "unread")));
        return counts;
    }

    /** The most recent actors of each notification, at most murmur.notifications.actors-shown each. */
    private Map<Long, List<Notification.Actor>> recentActors(List<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        @SuppressWarnings("unchecked")
        List<Tuple> rows = em.createNativeQuery("""
                        select notification_id, actor_id from (
                            select notification_id, actor_id, acted_at,
                                   row_number() over (partition by notification_id order by acted_at desc, actor_id desc) as rank
                            from notification_actor where notification_id = any(cast(:ids as bigint[]))) ranked
                        where rank <= :shown order by notification_id, rank""", Tuple.class)
                .setParameter("ids", SqlArrays.bigints(ids))
                .setParameter("shown", config.actorsShown()).getResultList();
        Map<Long, Account> profiles = accounts.byIds(rows.stream().map(r -> number(r, "actor_id")).toList());
        Map<Long, List<Notification.Actor>> actors = new LinkedHashMap<>();
        for (Tuple r : rows) {
            Account a = profiles.get(number(r, "actor_id"));
            if (a != null) {
                actors.computeIfAbsent(number(r, "notification_id"), k -> new ArrayList<>())
                        .add(new Notification.Actor(a.handle, a.displayName));
            }
        }
        return actors;
    }
}
