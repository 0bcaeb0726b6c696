package dev.murmur.like.service;

import dev.murmur.engagement.EngagementEvent;
import dev.murmur.post.Post;
import dev.murmur.post.service.PostCounter;
import dev.murmur.post.service.PostService;
import dev.murmur.social.service.SocialGraph;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

import java.time.Clock;

/**
 * Likes. The (account, post) primary key makes a like idempotent: a second or concurrent like
 * inserts nothing, and the counter and the engagement event move only when a row was actually
 * inserted or deleted.
 */
@ApplicationScoped
public class LikeService {

    public record LikeState(long postId, boolean liked, int likes) {
    }

    private final EntityManager em;
    private final PostService posts;
    private final SocialGraph social;
    private final Clock clock;
    private final MeterRegistry metrics;

    public LikeService(EntityManager em, PostService posts, SocialGraph social, Clock clock, MeterRegistry metrics) {
        this.em = em;
        this.posts = posts;
        this.social = social;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Transactional
    public LikeState like(long accountId, long postId) {
        Post post = posts.original(posts.requireLive(postId, "id"));
        social.requireNotBlockedEitherWay(accountId, post.author.id);
        int inserted = em.createNativeQuery("""
                        insert into post_like (account_id, post_id, created_at) values (:a, :p, :now) on conflict do nothing""")
                .setParameter("a", accountId).setParameter("p", post.id).setParameter("now", clock.instant())
                .executeUpdate();
        if (inserted == 1) {
            posts.bump(post.id, PostCounter.LIKES, 1);
            posts.engagement(EngagementEvent.Kind.LIKE, EngagementEvent.Action.ADDED, accountId, post, null);
            metrics.counter("murmur.engagements", "kind", "like").increment();
        }
        return state(accountId, post.id);
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

    private LikeState state(long accountId, long postId) {
        Tuple row = (Tuple) em.createNativeQuery("""
                        select exists(select 1 from post_like where account_id = :a and post_id = :p) as liked,
                               (select like_count from post where id = :p) as like_count""", Tuple.class)
                .setParameter("a", accountId).setParameter("p", postId)
                .getSingleResult();
        return new LikeState(postId, row.get("liked", Boolean.class), row.get("like_count", Number.class).intValue());
    }
}
