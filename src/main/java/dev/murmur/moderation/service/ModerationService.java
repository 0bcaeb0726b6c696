package dev.murmur.moderation.service;

import dev.murmur.account.Account;
import dev.murmur.account.service.AccountService;
import dev.murmur.common.SqlTimes;
import dev.murmur.common.UserText;
import dev.murmur.moderation.ModerationEvent;
import dev.murmur.outbox.Outbox;
import dev.murmur.outbox.Topics;
import dev.murmur.post.Post;
import dev.murmur.post.service.PostService;
import dev.murmur.problem.ApiException;
import dev.murmur.problem.ProblemType;
import dev.murmur.timeline.Page;
import dev.murmur.timeline.service.Cursor;
import dev.murmur.timeline.service.TimelineService;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static dev.murmur.common.SqlRows.nullableNumber;
import static dev.murmur.common.SqlRows.number;

/**
 * The one place moderation decisions are made: removing a post, suspending and reinstating an
 * account. Each decision that changes something is a row in the moderation log and a
 * {@link ModerationEvent} in the outbox, written in the transaction that makes the change; a decision
 * that changes nothing writes neither. See docs/decisions/0501-moderation-decisions.md.
 */
@ApplicationScoped
public class ModerationService {

    /** What a moderator decided; the log stores the name, the event carries {@link #eventType}. */
    public enum Action {
        POST_REMOVED(ModerationEvent.POST_REMOVED),
        ACCOUNT_SUSPENDED(ModerationEvent.ACCOUNT_SUSPENDED),
        ACCOUNT_REINSTATED(ModerationEvent.ACCOUNT_REINSTATED);

        private final String eventType;

        Action(String eventType) {
            this.eventType = eventType;
        }

        public String eventType() {
            return eventType;
        }
    }

    /** One entry of the moderation log: who decided what about whom, why and when. */
    public record Decision(long id, Action action, long accountId, String handle, Long postId, long moderatorId,
                           String moderatorHandle, String reason, Instant decidedAt, UUID eventId) {
    }

    /** An account's moderation state after a request; {@code decision} is null when nothing changed. */
    public record AccountState(long accountId, String handle, boolean suspended, Instant suspendedAt, Decision decision) {
    }

    /** Longest reason, in user-perceived characters. */
    public static final int MAX_REASON = 300;

    private static final String DECISIONS = """
            select m.id, m.action, m.account_id, a.handle, m.post_id, m.moderator_id, o.handle as moderator_handle, m.reason, m.created_at,
                   m.event_id
            from moderation_action m join account a on a.id = m.account_id join account o on o.id = m.moderator_id""";

    private final EntityManager em;
    private final AccountService accounts;
    private final PostService posts;
    private final Outbox outbox;
    private final Clock clock;
    private final MeterRegistry metrics;

    public ModerationService(EntityManager em, AccountService accounts, PostService posts, Outbox outbox, Clock clock,
                             MeterRegistry metrics) {
        this.em = em;
        this.accounts = accounts;
        this.posts = posts;
        this.outbox = outbox;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * Removes a post by moderation: it becomes a tombstone as if its author had deleted it (with the
     * same events), and {@link ModerationEvent#POST_REMOVED} tells the payout worker to reverse the
     * credit it holds. A post its author already deleted is removed too, since its credit survives the
     * author's delete; it is not tombstoned again. Removing a removed post returns the decision that
     * removed it and writes nothing.
     */
    @Transactional
    public Decision removePost(long moderatorId, long postId, String reason) {
        String why = reason(reason);
        Post post = posts.requireForUpdate(postId);
        if (post.kind == Post.Kind.REPOST) {
            throw ApiException.field(ProblemType.VALIDATION_FAILED, "id",
                    "a repost has no content or credit of its own; remove the original post or suspend the reposter");
        }
        long authorId = post.author.id;
        refuseSelf(moderatorId, authorId, "remove your own post");
        if (post.removedByModerationAt != null) {
            return removalOf(post.id);
        }
        Instant now = clock.instant();
        posts.removeByModeration(post, now);
        return record(Action.POST_REMOVED, authorId, post.id, moderatorId, why, now);
    }

    /**
     * Suspends or reinstates an account. Suspended, it does not count towards trends, its credit is
     * reversed and engagements with it earn nothing ({@link ModerationEvent}). Only a change is
     * recorded: suspending a suspended account returns its state with no decision.
     */
    @Transactional
    public AccountState setSuspended(long moderatorId, String handle, boolean suspended, String reason) {
        String why = reason(reason);
        Account account = accounts.require(handle);
        refuseSelf(moderatorId, account.id, suspended ? "suspend yourself" : "reinstate yourself");
        Instant now = clock.instant();
        Decision decision = null;
        if (accounts.setModerated(account.id, suspended, now)) {
            decision = record(suspended ? Action.ACCOUNT_SUSPENDED : Action.ACCOUNT_REINSTATED, account.id, null, moderatorId, why, now);
        }
        return new AccountState(account.id, account.handle, suspended, accounts.moderatedAt(account.id).orElse(null), decision);
    }

    /** The moderation log, newest first, paged by opaque cursors like the timelines. */
    public Page<Decision> log(String cursor, int limit) {
        if (limit < 1 || limit > TimelineService.MAX_LIMIT) {
            throw ApiException.field(ProblemType.VALIDATION_FAILED, "limit", "must be between 1 and " + TimelineService.MAX_LIMIT);
        }
        Cursor after = cursor == null || cursor.isEmpty() ? null : Cursor.decode(cursor);
        Query query = em.createNativeQuery(DECISIONS
                + (after == null ? "" : " where (m.created_at, m.id) < (:afterTime, :afterId)")
                + " order by m.created_at desc, m.id desc limit :limit", Tuple.class);
        if (after != null) {
            query.setParameter("afterTime", after.createdAt().atOffset(ZoneOffset.UTC)).setParameter("afterId", after.id());
        }
        List<Decision> rows = decisions(query.setParameter("limit", limit + 1));
        boolean more = rows.size() > limit;
        List<Decision> shown = more ? rows.subList(0, limit) : rows;
        String next = more ? new Cursor(shown.getLast().decidedAt(), shown.getLast().id()).encode() : null;
        return new Page<>(shown, next);
    }

    private Decision record(Action action, long accountId, Long postId, long moderatorId, String reason, Instant at) {
        ModerationEvent event = new ModerationEvent(ModerationEvent.SCHEMA_VERSION, action.eventType(), accountId, postId,
                moderatorId, reason, at);
        UUID eventId = outbox.append(Topics.ENGAGEMENTS, event.key(), event.type(), event.subject(), event);
        long id = ((Number) em.createNativeQuery("""
                        insert into moderation_action (action, account_id, post_id, moderator_id, reason, event_id, created_at)
                        values (:action, :account, :post, :moderator, :reason, :event, :at) returning id""")
                .setParameter("action", action.name()).setParameter("account", accountId).setParameter("post", postId)
                .setParameter("moderator", moderatorId).setParameter("reason", reason).setParameter("event", eventId)
                .setParameter("at", at).getSingleResult()).longValue();
        metrics.counter("murmur.moderation.actions", "action", action.name()).increment();
        return decisions(em.createNativeQuery(DECISIONS + " where m.id = :id", Tuple.class).setParameter("id", id)).getFirst();
    }

    private Decision removalOf(long postId) {
        return decisions(em.createNativeQuery(DECISIONS + " where m.post_id = :post and m.action = :action", Tuple.class)
                .setParameter("post", postId).setParameter("action", Action.POST_REMOVED.name())).getFirst();
    }

    /** The rows of {@link #DECISIONS} (a {@link Tuple} query), by column name. */
    private static List<Decision> decisions(Query query) {
        @SuppressWarnings("unchecked")
        List<Tuple> rows = query.getResultList();
        return rows.stream().map(r -> new Decision(number(r, "id"), Action.valueOf(r.get("action", String.class)),
                number(r, "account_id"), r.get("handle", String.class), nullableNumber(r, "post_id"), number(r, "moderator_id"),
                r.get("moderator_handle", String.class), r.get("reason", String.class), SqlTimes.instant(r.get("created_at")),
                r.get("event_id", UUID.class))).toList();
    }

    private static void refuseSelf(long moderatorId, long accountId, String what) {
        if (moderatorId == accountId) {
            throw new ApiException(ProblemType.SELF_ACTION, "A moderator cannot " + what + "; ask another operator");
        }
    }

    /** Required, one to {@link #MAX_REASON} characters after NFC and trimming, no control characters but line feed and tab. */
    static String reason(String raw) {
        String text = UserText.clean("reason", raw, MAX_REASON);
        if (text.isEmpty() || UserText.isBlank(text)) {
            throw ApiException.field(ProblemType.VALIDATION_FAILED, "reason", "must not be empty or only whitespace");
        }
        return text;
    }
}
