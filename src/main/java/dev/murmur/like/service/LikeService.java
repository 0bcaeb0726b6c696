package dev.murmur.like.service;

import dev.murmur.common.SqlRows;
import dev.murmur.common.SqlTimes;
import dev.murmur.engagement.EngagementEvent;
import dev.murmur.outbox.Outbox;
import dev.murmur.outbox.Topics;
import dev.murmur.post.Post;
import dev.murmur.post.service.PostCounter;
import dev.murmur.post.service.PostService;
import dev.murmur.problem.ApiException;
import dev.murmur.problem.Problem;
import dev.murmur.problem.ProblemType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Likes. The (account, post) primary key makes a like idempotent: a second or concurrent like
 * inserts nothing, and the counter and the engagement event move only when a row was actually
 * inserted or deleted.
 *
 * <p>A like is the API's most frequent write, so it is three statements and a commit: one reads
 * everything the like is checked and described with, one inserts it and moves the counter, one
 * appends the engagement event to the outbox (only when the like is new). Before, it was eight: entity
 * loads of the post and the reader, and separate block, post-count, counter and state statements
 * (docs/benchmarks.md, "API").
 */
@ApplicationScoped
public class LikeService {

    public record LikeState(long postId, boolean liked, int likes) {
    }

    /**
     * The post a like lands on (a repost stands for its original), whether the post asked for is a
     * tombstone, whether the reader and the author block each other, and the reader's facts that the
     * engagement event carries: when the account was made and how many live posts of its own it has.
     */
    private static final String TARGET = """
            select p.deleted_at is not null as deleted, o.id as post_id, o.author_id,
                   coalesce((select c.like_count from post_counter c where c.post_id = o.id), 0) as like_count,
                   o.author_id <> :a and exists (select 1 from block b
                       where (b.blocker_id = :a and b.blocked_id = o.author_id)
                          or (b.blocker_id = o.author_id and b.blocked_id = :a)) as blocked,
                   r.created_at as reader_since,
                   (select count(*) from post mine
                    where mine.author_id = :a and mine.kind <> 'REPOST' and mine.deleted_at is null) as reader_posts
            from post p join post o on o.id = coalesce(p.repost_of_id, p.id) join account r on r.id = :a
            where p.id = :p""";

    /**
     * Inserts the like; only when it is new does the counter move (PostCounter.LIKES' statement, fed by
     * the insert), returning its new value.
     */
    private static final String INSERT = """
            with liked as (
                insert into post_like (account_id, post_id, created_at) values (:a, :p, :now)
                on conflict do nothing returning post_id)
            insert into post_counter (post_id, like_count) select post_id, 1 from liked
            on conflict (post_id) do update set like_count = post_counter.like_count + excluded.like_count
            returning like_count""";

    private record Target(long postId, long authorId, int likes, Instant readerSince, long readerPosts) {
    }

    private final EntityManager em;
    private final PostService posts;
    private final Outbox outbox;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final Counter likesAdded;

    public LikeService(EntityManager em, PostService posts, Outbox outbox, Clock clock, MeterRegistry metrics) {
        this.em = em;
        this.posts = posts;
        this.outbox = outbox;
        this.clock = clock;
        this.metrics = metrics;
        this.likesAdded = metrics.counter("murmur.engagements", "kind", "like");
    }

    @Transactional
    public LikeState like(long accountId, long postId) {
        Target target = target(accountId, postId);
        Instant now = clock.instant();
        @SuppressWarnings("unchecked")
        List<Number> counted = em.createNativeQuery(INSERT)
                .setParameter("a", accountId).setParameter("p", target.postId()).setParameter("now", now)
                .getResultList();
        if (counted.isEmpty()) {
            return new LikeState(target.postId(), true, target.likes());
        }
        EngagementEvent event = EngagementEvent.of(EngagementEvent.Kind.LIKE, EngagementEvent.Action.ADDED, accountId,
                target.readerSince(), target.readerPosts(), target.authorId(), target.postId(), null, now);
        outbox.append(Topics.ENGAGEMENTS, event.key(), event.type(), event.subject(), event);
        likesAdded.increment();
        return new LikeState(target.postId(), true, counted.getFirst().intValue());
    }

    @Transactional
    public LikeState unlike(long accountId, long postId) {
        Post post = posts.original(posts.require(postId));
        int deleted = em.createNativeQuery("delete from post_like where account_id = :a and post_id = :p")
                .setParameter("a", accountId).setParameter("p", post.id)
                .executeUpdate();
        if (deleted == 1) {
            posts.bump(post.id, PostCounter.LIKES, -1);
            posts.engagement(EngagementEvent.Kind.LIKE, EngagementEvent.Action.REMOVED, accountId, post, null);
            metrics.counter("murmur.engagements", "kind", "unlike").increment();
        }
        return state(accountId, post.id);
    }

    /** The like's target, refused as the other engagements refuse theirs: no such post, a tombstone, a block. */
    private Target target(long accountId, long postId) {
        @SuppressWarnings("unchecked")
        List<Tuple> rows = em.createNativeQuery(TARGET, Tuple.class)
                .setParameter("a", accountId).setParameter("p", postId)
                .getResultList();
        if (rows.isEmpty()) {
            throw new ApiException(ProblemType.NOT_FOUND, "Post " + postId + " does not exist",
                    List.of(new Problem.FieldError("id", "no such post")));
        }
        Tuple row = rows.getFirst();
        if (row.get("deleted", Boolean.class)) {
            throw ApiException.field(ProblemType.POST_DELETED, "id", "post " + postId + " has been deleted");
        }
        if (row.get("blocked", Boolean.class)) {
            throw new ApiException(ProblemType.BLOCKED, "You cannot interact with this account");
        }
        return new Target(SqlRows.number(row, "post_id"), SqlRows.number(row, "author_id"),
                (int) SqlRows.number(row, "like_count"), SqlTimes.instant(row.get("reader_since")),
                SqlRows.number(row, "reader_posts"));
    }

    private LikeState state(long accountId, long postId) {
        Tuple row = (Tuple) em.createNativeQuery("""
                        select exists(select 1 from post_like where account_id = :a and post_id = :p) as liked,
                               coalesce((select like_count from post_counter where post_id = :p), 0) as like_count""", Tuple.class)
                .setParameter("a", accountId).setParameter("p", postId)
                .getSingleResult();
        return new LikeState(postId, row.get("liked", Boolean.class), row.get("like_count", Number.class).intValue());
    }
}
