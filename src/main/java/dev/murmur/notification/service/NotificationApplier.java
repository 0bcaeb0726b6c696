package dev.murmur.notification.service;

import dev.murmur.engagement.EngagementEvent;
import dev.murmur.notification.NotificationConfig;
import dev.murmur.notification.NotificationKind;
import dev.murmur.notification.NotificationsChanged;
import dev.murmur.notification.service.NotificationWrites.Subject;
import dev.murmur.outbox.Outbox;
import dev.murmur.outbox.EventRecord;
import dev.murmur.outbox.EventRecords;
import dev.murmur.outbox.EventSchema;
import dev.murmur.outbox.Topics;
import dev.murmur.post.Post;
import dev.murmur.post.PostEvent;
import dev.murmur.post.service.PostService;
import dev.murmur.problem.ApiException;
import dev.murmur.settlement.batch.EarningsSettledEvent;
import dev.murmur.social.FollowEvent;
import dev.murmur.social.service.SocialGraph;
import dev.murmur.tip.service.TipService;
import dev.murmur.trend.TrendCreditEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Applies a batch of events to the notifications in one transaction: dedupe on the event id
 * ({@code notification_processed_event}), turn each new event into notification writes, and for
 * every account whose notifications changed append a {@link NotificationsChanged} signal to the
 * outbox, in the same transaction. Events Murmur does not notify about (moderation, a repost's own
 * post event, unknown types) are recorded as processed and otherwise ignored.
 */
@ApplicationScoped
public class NotificationApplier {

    private static final Logger LOG = Logger.getLogger(NotificationApplier.class);
    private static final String POST_TYPES = "dev.murmur.post.";
    private static final String SOCIAL_TYPES = "dev.murmur.social.";

    public record Result(int applied, int duplicates, int changedAccounts) {
    }

    private final EntityManager em;
    private final NotificationConfig config;
    private final SocialGraph social;
    private final PostService posts;
    private final Outbox outbox;
    private final NotificationCheckpoints checkpoints;
    private final Clock clock;
    private final EventRecords records;

    public NotificationApplier(EntityManager em, NotificationConfig config, SocialGraph social, PostService posts, Outbox outbox,
                               NotificationCheckpoints checkpoints, EventRecords records, Clock clock) {
        this.em = em;
        this.config = config;
        this.social = social;
        this.posts = posts;
        this.outbox = outbox;
        this.checkpoints = checkpoints;
        this.clock = clock;
        this.records = records;
    }

    @Transactional
    public Result apply(List<ConsumerRecord<String, String>> records) {
        Instant now = clock.instant();
        Map<UUID, ConsumerRecord<String, String>> byId = new LinkedHashMap<>();
        for (ConsumerRecord<String, String> r : records) {
            byId.putIfAbsent(EventRecords.id(r), r);
        }
        if (byId.isEmpty()) {
            return new Result(0, 0, 0);
        }
        @SuppressWarnings("unchecked")
        List<UUID> fresh = em.createNativeQuery("""
                        insert into notification_processed_event (event_id, recorded_at)
                        select unnest(cast(:ids as uuid[])), :now on conflict do nothing returning event_id""")
                .setParameter("ids", byId.keySet().stream().map(UUID::toString).toArray(String[]::new))
                .setParameter("now", now).getResultList();
        Set<UUID> freshIds = new HashSet<>(fresh);
        List<EventRecord.Event<Object>> events = new ArrayList<>(freshIds.size());
        for (Map.Entry<UUID, ConsumerRecord<String, String>> e : byId.entrySet()) {
            if (freshIds.contains(e.getKey())) {
                read(e.getValue()).ifPresent(events::add);
            }
        }
        Applying applying = new Applying(new TreeSet<>(), social.silencing(pairs(events)),
                new NotificationWrites(em, config.groupWindow()));
        for (EventRecord.Event<Object> e : events) {
            notify(e.type(), e.event(), applying);
        }
        applying.writes().flush();
        checkpoints.written();
        signal(applying.changed(), now);
        return new Result(freshIds.size(), records.size() - freshIds.size(), applying.changed().size());
    }

    /**
     * What applying a batch carries from event to event: the accounts whose notifications changed,
     * which recipients do not hear from which actors (read once for the batch, before its first
     * event: a block or mute is not an event of this consumer's topics' batches), and the batch's
     * queued writes.
     */
    private record Applying(Set<Long> changed, Set<SocialGraph.Pair> silenced, NotificationWrites writes) {

        /** Blocked (either way) and muted accounts do not notify; nor does anyone notify themselves. */
        boolean hears(long recipient, long actor) {
            return recipient != actor && !silenced.contains(new SocialGraph.Pair(recipient, actor));
        }
    }

    /** Every (recipient, actor) pair the events of a batch may notify. */
    private static Set<SocialGraph.Pair> pairs(List<EventRecord.Event<Object>> events) {
        Set<SocialGraph.Pair> pairs = new HashSet<>();
        for (EventRecord.Event<Object> e : events) {
            switch (e.event()) {
                case EngagementEvent x -> pairs.add(new SocialGraph.Pair(x.creatorId(), x.readerId()));
                case PostEvent x -> x.mentionIds().forEach(m -> pairs.add(new SocialGraph.Pair(m, x.authorId())));
                case FollowEvent x -> pairs.add(new SocialGraph.Pair(x.followeeId(), x.followerId()));
                case TipService.TipEvent x when x.tipperId() != null -> pairs.add(new SocialGraph.Pair(x.creatorId(), x.tipperId()));
                default -> { } // trend credits and settled earnings have no actor
            }
        }
        return pairs;
    }

    /**
     * The events this consumer notifies about, by type; anything else (moderation, unknown types) is
     * {@link EventRecord.Unknown} and ignored. Unknown fields are allowed: events gain optional
     * fields over time (docs/events.md), and this consumer reads the ones it knows.
     */
    private static final List<EventSchema<?, ?>> SCHEMAS = List.of(
            schema("an engagement event", type -> type.startsWith(EngagementEvent.TYPE_PREFIX), EngagementEvent.class),
            schema("a trend credit event", TrendCreditEvent.TYPE::equals, TrendCreditEvent.class),
            schema("a post event", type -> type.startsWith(POST_TYPES), PostEvent.class),
            schema("a follow event", type -> type.startsWith(SOCIAL_TYPES), FollowEvent.class),
            schema("a tip event", TipService.TipEvent.TYPE::equals, TipService.TipEvent.class),
            schema("an earnings settled event", EarningsSettledEvent.TYPE::equals, EarningsSettledEvent.class));

    private static <P> EventSchema<P, Object> schema(String name, java.util.function.Predicate<String> covers, Class<P> payload) {
        return new EventSchema<>(name, type -> type != null && covers.test(type), payload, true, (p, type) -> null, p -> p);
    }

    /** The record's event, or empty for one this consumer ignores. */
    private Optional<EventRecord.Event<Object>> read(ConsumerRecord<String, String> record) {
        switch (records.read(record, SCHEMAS, EventRecords.MissingId.NAMED_BY_POSITION)) {
            case EventRecord.Event<Object> e -> {
                return Optional.of(e);
            }
            // A payload this consumer cannot read would fail every retry; it notifies nobody instead.
            case EventRecord.Malformed<Object> m ->
                    LOG.warnf("Ignoring unreadable %s on %s at offset %d: %s", m.type(), record.topic(), record.offset(), m.error());
            case EventRecord.Unknown<Object> u -> {
                if (u.type() == null) {
                    LOG.warnf("Ignoring a record without ce_type on %s at offset %d", record.topic(), record.offset());
                } else {
                    LOG.debugf("Ignoring %s on %s", u.type(), record.topic());
                }
            }
        }
        return Optional.empty();
    }

    private void notify(String type, Object event, Applying a) {
        switch (event) {
            case EngagementEvent e -> engagement(e, a);
            case TrendCreditEvent e -> trendCredit(e, a);
            case PostEvent e -> post(type, e, a);
            case FollowEvent e -> follow(type, e, a);
            case TipService.TipEvent e -> tip(e, a);
            case EarningsSettledEvent e -> settled(e, a);
            default -> throw new IllegalStateException("no notification for " + event.getClass());
        }
    }

    private void engagement(EngagementEvent e, Applying a) {
        long recipient = e.creatorId();
        long actor = e.readerId();
        if (recipient == actor) {
            return;
        }
        Instant at = e.occurredAt() != null ? e.occurredAt() : clock.instant();
        boolean added = e.action() == EngagementEvent.Action.ADDED;
        switch (e.kind()) {
            case LIKE, REPOST -> {
                NotificationKind kind = e.kind() == EngagementEvent.Kind.LIKE ? NotificationKind.LIKE : NotificationKind.REPOST;
                String key = kind.name().toLowerCase(Locale.ROOT) + ":" + e.postId();
                if (!added) {
                    a.writes().leave(recipient, key, actor, a.changed()::add);
                } else if (a.hears(recipient, actor)) {
                    a.writes().join(recipient, kind, key, e.postId(), actor, at);
                    a.changed().add(recipient);
                }
            }
            case REPLY, QUOTE -> {
                if (e.sourcePostId() == null) {
                    return;
                }
                if (!added) {
                    if (!a.writes().forgetPost(e.sourcePostId()).isEmpty()) {
                        a.changed().add(recipient);
                    }
                } else if (a.hears(recipient, actor)) {
                    NotificationKind kind = e.kind() == EngagementEvent.Kind.REPLY ? NotificationKind.REPLY : NotificationKind.QUOTE;
                    a.writes().single(recipient, kind, kind.name().toLowerCase(Locale.ROOT) + ":" + e.sourcePostId(),
                            Subject.post(e.sourcePostId()), actor, at);
                    a.changed().add(recipient);
                }
            }
        }
    }

    private void post(String type, PostEvent e, Applying a) {
        if (PostEvent.DELETED.equals(type)) {
            a.changed().addAll(a.writes().forgetPost(e.postId()));
            return;
        }
        if (!PostEvent.CREATED.equals(type) || e.mentionIds().isEmpty()) {
            return;
        }
        Long answered = answeredAuthor(e);
        Instant at = e.occurredAt() != null ? e.occurredAt() : clock.instant();
        for (long mentioned : e.mentionIds()) {
            // The author answered gets a REPLY or QUOTE for this post, not a second notification.
            if (mentioned == e.authorId() || (answered != null && answered == mentioned) || !a.hears(mentioned, e.authorId())) {
                continue;
            }
            a.writes().single(mentioned, NotificationKind.MENTION, "mention:" + e.postId(), Subject.post(e.postId()), e.authorId(), at);
            a.changed().add(mentioned);
        }
    }

    /** The author of the post a reply or quote answers, or null. */
    private Long answeredAuthor(PostEvent e) {
        Long target = e.kind() == Post.Kind.REPLY ? e.replyParentId() : e.kind() == Post.Kind.QUOTE ? e.quoteOfId() : null;
        if (target == null) {
            return null;
        }
        try {
            return posts.require(target).author.id; // posts are tombstoned, never removed
        } catch (ApiException missing) {
            return null;
        }
    }

    private void follow(String type, FollowEvent e, Applying a) {
        long recipient = e.followeeId();
        if (FollowEvent.FOLLOWED.equals(type)) {
            if (a.hears(recipient, e.followerId())) {
                a.writes().join(recipient, NotificationKind.FOLLOW, "follow", null, e.followerId(),
                        e.occurredAt() != null ? e.occurredAt() : clock.instant());
                a.changed().add(recipient);
            }
        } else if (FollowEvent.UNFOLLOWED.equals(type)) {
            a.writes().leave(recipient, "follow", e.followerId(), a.changed()::add);
        }
    }

    private void tip(TipService.TipEvent e, Applying a) {
        if (e.tipperId() != null && !a.hears(e.creatorId(), e.tipperId())) {
            return;
        }
        a.writes().single(e.creatorId(), NotificationKind.TIP, "tip:" + e.tipId(),
                new Subject(e.postId(), null, null, null, e.tipId(), e.amount() - e.fee()), e.tipperId(),
                e.occurredAt() != null ? e.occurredAt() : clock.instant());
        a.changed().add(e.creatorId());
    }

    private void trendCredit(TrendCreditEvent e, Applying a) {
        a.writes().single(e.accountId(), NotificationKind.TREND_CREDIT, "trend:" + e.trendId(),
                new Subject(null, e.trendId(), e.tag(), null, null, e.credits()), null,
                e.occurredAt() != null ? e.occurredAt() : clock.instant());
        a.changed().add(e.accountId());
    }

    private void settled(EarningsSettledEvent e, Applying a) {
        a.writes().single(e.accountId(), NotificationKind.EARNINGS_SETTLED, "settled:" + e.batchId(),
                new Subject(null, null, null, e.batchId(), null, e.amount()), null,
                e.occurredAt() != null ? e.occurredAt() : clock.instant());
        a.changed().add(e.accountId());
    }

    /** One signal per account whose notifications changed, with the unread count this transaction sees. */
    private void signal(Set<Long> accounts, Instant now) {
        if (accounts.isEmpty()) {
            return;
        }
        Map<Long, Long> unread = NotificationService.unreadCounts(em, accounts);
        List<Outbox.Pending> signals = new ArrayList<>(accounts.size());
        for (long account : accounts) {
            NotificationsChanged event = new NotificationsChanged(NotificationsChanged.SCHEMA_VERSION, account,
                    unread.getOrDefault(account, 0L), now);
            signals.add(new Outbox.Pending(event.key(), NotificationsChanged.TYPE, event.subject(), event));
        }
        outbox.appendAll(Topics.NOTIFICATIONS, signals);
    }
}
