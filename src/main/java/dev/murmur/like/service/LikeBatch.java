package dev.murmur.like.service;

import dev.murmur.common.SqlTimes;
import dev.murmur.engagement.EngagementEvent;
import dev.murmur.outbox.Outbox;
import dev.murmur.outbox.Topics;
import dev.murmur.post.service.PostService;
import dev.murmur.problem.ApiException;
import dev.murmur.social.service.SocialGraph;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a batch of likes in one transaction with three statements, whatever the batch's size: one
 * reads every like's target, one inserts the likes and moves the counters of the posts that got new
 * likes, one appends their engagement events to the outbox (decision 1174). {@link LikeCommits}
 * gathers the batches; a batch of one is a single like.
 *
 * <p>Each like is checked as a lone like is: no such post, a tombstone, a block between the reader
 * and the author. A refused like is that like's outcome; it does not fail the batch, and writes
 * nothing. The (account, post) primary key keeps a like idempotent across batches; within a batch the
 * same (account, original post) is inserted once, so two likes of it, or of a post and its repost,
 * make one row, one count and one event.
 */
@ApplicationScoped
public class LikeBatch {

    /** Who likes which post, as asked (a repost stands for its original). */
    public record Request(long accountId, long postId) {
    }

    /** A like's outcome: its state, or why it was refused. Exactly one of the two is set. */
    public record Outcome(LikeService.LikeState state, ApiException refused) {

        static Outcome liked(LikeService.LikeState state) {
            return new Outcome(state, null);
        }

        static Outcome refused(ApiException refused) {
            return new Outcome(null, refused);
        }
    }

    /**
     * For each like asked (by its position {@code i}): the post it lands on (a repost stands for its
     * original), whether the post asked for is a tombstone, whether the reader and the author block
     * each other, and the reader's facts that the engagement event carries: when the account was made
     * and how many live posts of its own it has (one row of account_post_count, decision 1177). A like
     * whose post or reader does not exist has no row.
     */
    private static final String TARGETS = """
            select q.i, p.deleted_at is not null as deleted, o.id as post_id, o.author_id,
                   coalesce((select c.like_count from post_counter c where c.post_id = o.id), 0) as like_count,
                   o.author_id <> q.a and exists (select 1 from block b
                       where (b.blocker_id = q.a and b.blocked_id = o.author_id)
                          or (b.blocker_id = o.author_id and b.blocked_id = q.a)) as blocked,
                   r.created_at as reader_since,
                   coalesce((select n.live_posts from account_post_count n where n.account_id = q.a), 0) as reader_posts
            from unnest(?::bigint[], ?::bigint[]) with ordinality as q(a, p, i)
            join post p on p.id = q.p join post o on o.id = coalesce(p.repost_of_id, p.id) join account r on r.id = q.a""";

    /**
     * Inserts the likes that are not there yet and adds each post's new likes to its counter
     * (PostCounter.LIKES' upsert, many rows at once); returns each new like with its post's new count.
     * One statement, so a batch costs its writer one round trip less. Rows go in (post, account) order
     * and counters in post order, so that two batches committing at once take their locks in the same
     * order.
     */
    private static final String INSERT = """
            with liked as (
                insert into post_like (account_id, post_id, created_at)
                select q.a, q.p, ? from unnest(?::bigint[], ?::bigint[]) as q(a, p) order by q.p, q.a
                on conflict do nothing returning account_id, post_id),
            counted as (
                insert into post_counter (post_id, like_count)
                select post_id, count(*) from liked group by post_id order by post_id
                on conflict (post_id) do update set like_count = post_counter.like_count + excluded.like_count
                returning post_id, like_count)
            select l.account_id, l.post_id, c.like_count from liked l join counted c on c.post_id = l.post_id
            order by l.post_id, l.account_id""";

    /** What TARGETS read for one like; deleted and blocked refuse it. */
    private record Target(long postId, long authorId, int likes, Instant readerSince, long readerPosts, boolean deleted,
                          boolean blocked) {
    }

    /** A reader and the original post liked: the unit a like row, a count and an event are made of. */
    private record Pair(long accountId, long postId) {
    }

    private final EntityManager em;
    private final Outbox outbox;
    private final Clock clock;
    private final Counter likesAdded;

    public LikeBatch(EntityManager em, Outbox outbox, Clock clock, MeterRegistry metrics) {
        this.em = em;
        this.outbox = outbox;
        this.clock = clock;
        this.likesAdded = metrics.counter("murmur.engagements", "kind", "like");
    }

    /** Writes {@code requests} in a transaction of their own; the outcomes are in the requests' order. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<Outcome> write(List<Request> requests) {
        Session session = em.unwrap(Session.class);
        Instant now = clock.instant();
        Map<Integer, Target> targets = session.doReturningWork(c -> targets(c, requests));

        List<Outcome> outcomes = new ArrayList<>(requests.size());
        Map<Pair, Target> liking = new LinkedHashMap<>();
        for (int i = 0; i < requests.size(); i++) {
            long postId = requests.get(i).postId();
            Target target = targets.get(i + 1);
            ApiException refusal = refusal(postId, target);
            outcomes.add(refusal == null ? null : Outcome.refused(refusal));
            if (refusal == null) {
                liking.putIfAbsent(new Pair(requests.get(i).accountId(), target.postId()), target);
            }
        }

        Map<Pair, Integer> inserted = liking.isEmpty() ? Map.of() : session.doReturningWork(c -> insert(c, liking.keySet(), now));
        Map<Long, Integer> counts = new HashMap<>();
        inserted.forEach((pair, count) -> counts.put(pair.postId(), count));
        List<Outbox.Pending> events = new ArrayList<>(inserted.size());
        for (Pair pair : inserted.keySet()) {
            Target target = liking.get(pair);
            EngagementEvent event = EngagementEvent.of(EngagementEvent.Kind.LIKE, EngagementEvent.Action.ADDED, pair.accountId(),
                    target.readerSince(), target.readerPosts(), target.authorId(), pair.postId(), null, now);
            events.add(new Outbox.Pending(event.key(), event.type(), event.subject(), event));
        }
        outbox.appendAll(Topics.ENGAGEMENTS, events);
        likesAdded.increment(inserted.size());

        for (int i = 0; i < requests.size(); i++) {
            if (outcomes.get(i) == null) {
                Target target = targets.get(i + 1);
                int likes = counts.getOrDefault(target.postId(), target.likes());
                outcomes.set(i, Outcome.liked(new LikeService.LikeState(target.postId(), true, likes)));
            }
        }
        return outcomes;
    }

    /** The targets by the request's position, 1-based as SQL's ordinality. */
    private static Map<Integer, Target> targets(Connection c, List<Request> requests) throws SQLException {
        Long[] accounts = new Long[requests.size()];
        Long[] posts = new Long[requests.size()];
        for (int i = 0; i < requests.size(); i++) {
            accounts[i] = requests.get(i).accountId();
            posts[i] = requests.get(i).postId();
        }
        Map<Integer, Target> targets = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement(TARGETS)) {
            s.setArray(1, c.createArrayOf("bigint", accounts));
            s.setArray(2, c.createArrayOf("bigint", posts));
            try (ResultSet row = s.executeQuery()) {
                while (row.next()) {
                    targets.put(row.getInt("i"), new Target(row.getLong("post_id"), row.getLong("author_id"),
                            row.getInt("like_count"), SqlTimes.instant(row, "reader_since"), row.getLong("reader_posts"),
                            row.getBoolean("deleted"), row.getBoolean("blocked")));
                }
            }
        }
        return targets;
    }

    /** The new likes, each with its post's count after the batch, in (post, account) order. */
    private static Map<Pair, Integer> insert(Connection c, Iterable<Pair> pairs, Instant now) throws SQLException {
        List<Long> accounts = new ArrayList<>();
        List<Long> posts = new ArrayList<>();
        for (Pair pair : pairs) {
            accounts.add(pair.accountId());
            posts.add(pair.postId());
        }
        Map<Pair, Integer> inserted = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement(INSERT)) {
            s.setObject(1, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            s.setArray(2, c.createArrayOf("bigint", accounts.toArray()));
            s.setArray(3, c.createArrayOf("bigint", posts.toArray()));
            try (ResultSet row = s.executeQuery()) {
                while (row.next()) {
                    inserted.put(new Pair(row.getLong("account_id"), row.getLong("post_id")), row.getInt("like_count"));
                }
            }
        }
        return inserted;
    }

    /** Why a like is refused, with the other engagements' own refusals, or null when it is not. */
    private static ApiException refusal(long postId, Target target) {
        if (target == null) {
            return PostService.noSuchPost(postId, "id");
        }
        if (target.deleted()) {
            return PostService.postDeleted(postId, "id");
        }
        if (target.blocked()) {
            return SocialGraph.blocked();
        }
        return null;
    }
}
