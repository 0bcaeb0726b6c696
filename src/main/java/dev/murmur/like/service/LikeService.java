package dev.murmur.like.service;

import dev.murmur.engagement.EngagementEvent;
import dev.murmur.limit.Limit;
import dev.murmur.limit.RateLimiter;
import dev.murmur.post.Post;
import dev.murmur.post.service.PostCounter;
import dev.murmur.post.service.PostService;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

import java.util.concurrent.CompletableFuture;


/**
 * Likes. The (account, post) primary key makes a like idempotent: a second or concurrent like
 * inserts nothing, and the counter and the engagement event move only when a row was actually
 * inserted or deleted.
 *
 * <p>A like is the API's most frequent write. It is committed with the others that wait at the same
 * moment ({@link LikeCommits}, decision 1174): one transaction and three statements for a batch of
 * likes ({@link LikeBatch}). An unlike is rare and stays a transaction of its own.
 */
@ApplicationScoped
public class LikeService {

    public record LikeState(long postId, boolean liked, int likes) {
    }

    private final EntityManager em;
    private final PostService posts;
    private final LikeCommits commits;
    private final RateLimiter limits;
    private final MeterRegistry metrics;

    public LikeService(EntityManager em, PostService posts, LikeCommits commits, RateLimiter limits, MeterRegistry metrics) {
        this.em = em;
        this.posts = posts;
        this.commits = commits;
        this.limits = limits;
        this.metrics = metrics;
    }

    /**
     * Likes a post (a repost's original); the answer completes once the like has committed. Refused,
     * as the other engagements are, for no such post, a tombstone or a block. NEVER inside a caller's
     * transaction: the like commits in a transaction of its own, which the caller's rollback would not
     * undo.
     */
    @Transactional(Transactional.TxType.NEVER)
    public CompletableFuture<LikeState> submitLike(long accountId, long postId) {
        limits.take(Limit.LIKES_PER_ACCOUNT, Long.toString(accountId));
        return commits.submit(accountId, postId);
    }

    /** {@link #submitLike}, waited for on the caller's thread (for pages and tasks that go on from the like). */
    @Transactional(Transactional.TxType.NEVER)
    public LikeState like(long accountId, long postId) {
        limits.take(Limit.LIKES_PER_ACCOUNT, Long.toString(accountId));
        return commits.like(accountId, postId);
    }

    @Transactional
    public LikeState unlike(long accountId, long postId) {
        limits.take(Limit.LIKES_PER_ACCOUNT, Long.toString(accountId));
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

    private LikeState state(long accountId, long postId) {
        Tuple row = (Tuple) em.createNativeQuery("""
                        select exists(select 1 from post_like where account_id = :a and post_id = :p) as liked,
                               coalesce((select like_count from post_counter where post_id = :p), 0) as like_count""", Tuple.class)
                .setParameter("a", accountId).setParameter("p", postId)
                .getSingleResult();
        return new LikeState(postId, row.get("liked", Boolean.class), row.get("like_count", Number.class).intValue());
    }
}
