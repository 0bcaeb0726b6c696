package dev.murmur.social.service;

import dev.murmur.common.SqlArrays;
import dev.murmur.common.SqlTimes;
import dev.murmur.common.UserText;
import dev.murmur.account.Account;
import dev.murmur.account.service.AccountService;
import dev.murmur.outbox.Outbox;
import dev.murmur.outbox.Topics;
import dev.murmur.social.FollowEvent;
import dev.murmur.problem.ApiException;
import dev.murmur.problem.ProblemType;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

import java.time.Clock;

import static dev.murmur.common.SqlRows.nullableNumber;
import static dev.murmur.common.SqlRows.number;

/**
 * Follows, blocks, mutes and reports. Every write is idempotent: following twice is following
 * once, and undoing what does not exist is a no-op.
 */
@ApplicationScoped
public class SocialGraph {

    public enum ReportReason { SPAM, ABUSE, ILLEGAL, IMPERSONATION, OTHER }

    public record Relationship(boolean following, boolean followedBy, boolean blocking, boolean blockedBy,
                               boolean muting) {
    }

    public record Counts(long followers, long following) {
    }

    private final EntityManager em;
    private final AccountService accounts;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final Outbox outbox;

    public SocialGraph(EntityManager em, AccountService accounts, Clock clock, MeterRegistry metrics, Outbox outbox) {
        this.outbox = outbox;
        this.em = em;
        this.accounts = accounts;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Transactional
    public Relationship follow(long followerId, String handle) {
        Account target = accounts.require(handle);
        refuseSelf(followerId, target.id, "follow");
        requireNotBlockedEitherWay(followerId, target.id);
        int inserted = em.createNativeQuery("""
                        insert into follow (follower_id, followee_id, created_at) values (:a, :b, :now)
                        on conflict do nothing""")
                .setParameter("a", followerId).setParameter("b", target.id).setParameter("now", clock.instant())
                .executeUpdate();
        if (inserted == 1) {
            metrics.counter("murmur.follows", "action", "follow").increment();
            followEvent(FollowEvent.FOLLOWED, followerId, target.id);
        }
        return relationship(followerId, target.id);
    }

    @Transactional
    public Relationship unfollow(long followerId, String handle) {
        Account target = accounts.require(handle);
        if (delete(Edge.FOLLOW, followerId, target.id) == 1) {
            followEvent(FollowEvent.UNFOLLOWED, followerId, target.id);
        }
        return relationship(followerId, target.id);
    }

    /** Blocking also severs follows in both directions. */
    @Transactional
    public Relationship block(long blockerId, String handle) {
        Account target = accounts.require(handle);
        refuseSelf(blockerId, target.id, "block");
        em.createNativeQuery("insert into block (blocker_id, blocked_id, created_at) values (:a, :b, :now) on conflict do nothing")
                .setParameter("a", blockerId).setParameter("b", target.id).setParameter("now", clock.instant())
                .executeUpdate();
        if (delete(Edge.FOLLOW, blockerId, target.id) == 1) {
            followEvent(FollowEvent.UNFOLLOWED, blockerId, target.id);
        }
        if (delete(Edge.FOLLOW, target.id, blockerId) == 1) {
            followEvent(FollowEvent.UNFOLLOWED, target.id, blockerId);
        }
        return relationship(blockerId, target.id);
    }

    @Transactional
    public Relationship unblock(long blockerId, String handle) {
        Account target = accounts.require(handle);
        delete(Edge.BLOCK, blockerId, target.id);
        return relationship(blockerId, target.id);
    }

    @Transactional
    public Relationship mute(long muterId, String handle) {
        Account target = accounts.require(handle);
        refuseSelf(muterId, target.id, "mute");
        em.createNativeQuery("insert into mute (muter_id, muted_id, created_at) values (:a, :b, :now) on conflict do nothing")
                .setParameter("a", muterId).setParameter("b", target.id).setParameter("now", clock.instant())
                .executeUpdate();
        return relationship(muterId, target.id);
    }

    @Transactional
    public Relationship unmute(long muterId, String handle) {
        Account target = accounts.require(handle);
        delete(Edge.MUTE, muterId, target.id);
        return relationship(muterId, target.id);
    }

    /** Files a report about an account or a post (exactly one of the two). Returns the report id. */
    @Transactional
    public long report(long reporterId, Long targetAccountId, Long targetPostId, ReportReason reason, String comment) {
        if (targetAccountId != null && targetAccountId == reporterId) {
            throw new ApiException(ProblemType.SELF_ACTION, "You cannot report yourself");
        }
        // Typed text like any other: no NUL (PostgreSQL refuses it), no control or direction characters.
        String text = comment == null ? "" : UserText.clean("comment", comment, 1000);
        Number id = (Number) em.createNativeQuery("""
                        insert into report (reporter_id, target_account_id, target_post_id, reason, comment, created_at)
                        values (:r, :a, :p, :reason, :comment, :now) returning id""")
                .setParameter("r", reporterId).setParameter("a", targetAccountId).setParameter("p", targetPostId)
                .setParameter("reason", reason.name()).setParameter("comment", text)
                .setParameter("now", clock.instant())
                .getSingleResult();
        metrics.counter("murmur.reports", "reason", reason.name()).increment();
        return id.longValue();
    }

    /**
     * A report in the operators' queue: about an account, or about a post (with its author, so the
     * operator can act on either). Newest first; {@code before} pages by id.
     */
    public record ReportView(long id, long reporterId, String reporterHandle, Long targetAccountId, Long targetPostId,
                             Long postAuthorId, String reason, String comment, java.time.Instant createdAt) {
    }

    public java.util.List<ReportView> reports(Long before, int limit) {
        @SuppressWarnings("unchecked")
        java.util.List<Tuple> rows = em.createNativeQuery("""
                        select r.id, r.reporter_id, a.handle as reporter_handle, r.target_account_id, r.target_post_id,
                               p.author_id as post_author_id, r.reason, r.comment, r.created_at
                        from report r join account a on a.id = r.reporter_id left join post p on p.id = r.target_post_id
                        where (cast(:before as bigint) is null or r.id < :before)
                        order by r.id desc limit :limit""", Tuple.class)
                .setParameter("before", before).setParameter("limit", limit).getResultList();
        return rows.stream().map(r -> new ReportView(number(r, "id"), number(r, "reporter_id"), r.get("reporter_handle", String.class),
                nullableNumber(r, "target_account_id"), nullableNumber(r, "target_post_id"), nullableNumber(r, "post_author_id"),
                r.get("reason", String.class), r.get("comment", String.class), SqlTimes.instant(r.get("created_at")))).toList();
    }

    public boolean isBlockedEitherWay(long a, long b) {
        return ((Number) em.createNativeQuery("""
                        select count(*) from block where (blocker_id = :a and blocked_id = :b) or (blocker_id = :b and blocked_id = :a)""")
                .setParameter("a", a).setParameter("b", b).getSingleResult()).longValue() > 0;
    }

    /** Fails with 403 'blocked' if either account blocks the other. */
    public void requireNotBlockedEitherWay(long actorId, long otherId) {
        if (actorId != otherId && isBlockedEitherWay(actorId, otherId)) {
            throw blocked();
        }
    }

    /** 403 blocked, for an interaction between two accounts of which one blocks the other. */
    public static ApiException blocked() {
        return new ApiException(ProblemType.BLOCKED, "You cannot interact with this account");
    }

    /** Fails with 403 'blocked' if {@code ownerId} blocks {@code viewerId}: the viewer may not see the owner's posts. */
    public void requireNotBlockedBy(long ownerId, long viewerId) {
        boolean blocked = ((Number) em.createNativeQuery("select count(*) from block where blocker_id = :o and blocked_id = :v")
                .setParameter("o", ownerId).setParameter("v", viewerId).getSingleResult()).longValue() > 0;
        if (blocked) {
            throw new ApiException(ProblemType.BLOCKED, "This account has blocked you");
        }
    }

    /** An account and another account it may hear from. */
    public record Pair(long accountId, long otherId) {
    }

    /**
     * The pairs among {@code pairs} where the account wants nothing from the other: either blocks the
     * other, or the account mutes it. Notifications use it (a blocked or muted account does not
     * notify), once for a consumer's whole batch rather than once per event.
     */
    public java.util.Set<Pair> silencing(java.util.Collection<Pair> pairs) {
        if (pairs.isEmpty()) {
            return java.util.Set.of();
        }
        java.util.List<Long> accounts = new java.util.ArrayList<>(pairs.size());
        java.util.List<Long> others = new java.util.ArrayList<>(pairs.size());
        for (Pair p : pairs) {
            accounts.add(p.accountId());
            others.add(p.otherId());
        }
        @SuppressWarnings("unchecked")
        java.util.List<Tuple> rows = em.createNativeQuery("""
                        select p.a, p.o from unnest(cast(:accounts as bigint[]), cast(:others as bigint[])) p (a, o)
                        where exists(select 1 from block where (blocker_id = p.a and blocked_id = p.o) or (blocker_id = p.o and blocked_id = p.a))
                           or exists(select 1 from mute where muter_id = p.a and muted_id = p.o)""", Tuple.class)
                .setParameter("accounts", SqlArrays.bigints(accounts)).setParameter("others", SqlArrays.bigints(others))
                .getResultList();
        java.util.Set<Pair> silenced = new java.util.HashSet<>();
        for (Tuple row : rows) {
            silenced.add(new Pair(number(row, "a"), number(row, "o")));
        }
        return silenced;
    }

    /**
     * The accounts among {@code candidates} whose home timeline shows {@code authorId}'s posts: the
     * author and its followers, less those muting it (block severs follows). The live push asks it
     * about the viewers connected to one instance.
     */
    public java.util.Set<Long> homeAudienceAmong(long authorId, java.util.Collection<Long> candidates) {
        if (candidates.isEmpty()) {
            return java.util.Set.of();
        }
        @SuppressWarnings("unchecked")
        java.util.List<Number> rows = em.createNativeQuery("""
                        select c from unnest(cast(:ids as bigint[])) c
                        where (c = :author or exists(select 1 from follow where follower_id = c and followee_id = :author))
                          and not exists(select 1 from mute where muter_id = c and muted_id = :author)""")
                .setParameter("ids", SqlArrays.bigints(candidates))
                .setParameter("author", authorId).getResultList();
        java.util.Set<Long> audience = new java.util.HashSet<>();
        rows.forEach(n -> audience.add(n.longValue()));
        return audience;
    }

    public Relationship relationship(long viewerId, long otherId) {
        Tuple row = (Tuple) em.createNativeQuery("""
                        select exists(select 1 from follow where follower_id = :v and followee_id = :o) as following,
                               exists(select 1 from follow where follower_id = :o and followee_id = :v) as followed_by,
                               exists(select 1 from block where blocker_id = :v and blocked_id = :o) as blocking,
                               exists(select 1 from block where blocker_id = :o and blocked_id = :v) as blocked_by,
                               exists(select 1 from mute where muter_id = :v and muted_id = :o) as muting""", Tuple.class)
                .setParameter("v", viewerId).setParameter("o", otherId).getSingleResult();
        return new Relationship(row.get("following", Boolean.class), row.get("followed_by", Boolean.class),
                row.get("blocking", Boolean.class), row.get("blocked_by", Boolean.class), row.get("muting", Boolean.class));
    }

    public Counts counts(long accountId) {
        Tuple row = (Tuple) em.createNativeQuery("""
                        select (select count(*) from follow where followee_id = :id) as followers,
                               (select count(*) from follow where follower_id = :id) as following""", Tuple.class)
                .setParameter("id", accountId).getSingleResult();
        return new Counts(number(row, "followers"), number(row, "following"));
    }

    private void refuseSelf(long actorId, long targetId, String verb) {
        if (actorId == targetId) {
            throw new ApiException(ProblemType.SELF_ACTION, "You cannot " + verb + " yourself");
        }
    }

    private void followEvent(String type, long followerId, long followeeId) {
        outbox.append(Topics.SOCIAL, Long.toString(followeeId), type, "account/" + followeeId,
                FollowEvent.of(followerId, followeeId, clock.instant()));
    }

    /** The graph's edges, each with its constant delete statement (from {@code :a} to {@code :b}). */
    private enum Edge {
        FOLLOW("delete from follow where follower_id = :a and followee_id = :b"),
        BLOCK("delete from block where blocker_id = :a and blocked_id = :b"),
        MUTE("delete from mute where muter_id = :a and muted_id = :b");

        private final String delete;

        Edge(String delete) {
            this.delete = delete;
        }
    }

    private int delete(Edge edge, long a, long b) {
        return em.createNativeQuery(edge.delete).setParameter("a", a).setParameter("b", b).executeUpdate();
    }
}
