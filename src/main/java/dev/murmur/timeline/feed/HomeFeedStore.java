package dev.murmur.timeline.feed;

import dev.murmur.common.CommittedReads;
import dev.murmur.common.SqlRows;
import dev.murmur.common.NamedSql;
import dev.murmur.common.SqlTimes;
import dev.murmur.post.PostPublished;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.murmur.common.SqlRows.number;

/**
 * Writes and maintains home feeds (docs/decisions/1001-home-feed-fan-out-on-write.md): fan-out in
 * the post's transaction, the first fill of a reader's feed, the backfill after new follows, and the
 * trim to {@link FeedConfig#size()} rows. Reads go through {@link #prepare}, which returns the state
 * a read may rely on, or empty when the read must use the pull query.
 */
@ApplicationScoped
public class HomeFeedStore {

    /** Covers clock differences between instances and transactions that run for a while. */
    private static final Duration MARGIN = Duration.ofMinutes(1);
    /** Stands for "no horizon" in keyset comparisons. */
    private static final Instant BEGINNING = Instant.parse("1970-01-01T00:00:00Z");
    /**
     * A reader's feed state ({@link FeedState}), {@code :v}; every home read sends it. Public because
     * the API benchmark's pgbench baseline sends it as it is (ApiBenchmark).
     */
    public static final String STATE = """
            select s.built, s.horizon_at, s.horizon_id, s.last_read_at, s.synced_at,
                   (select max(f.created_at) from follow f where f.follower_id = s.owner_id) as newest_follow_at
            from home_feed_state s where s.owner_id = :v""";

    private static final NamedSql STATE_SQL = NamedSql.of(STATE);

    private final EntityManager em;
    private final CommittedReads reads;
    private final FeedConfig config;
    private final Clock clock;
    private final MeterRegistry metrics;

    public HomeFeedStore(EntityManager em, CommittedReads reads, FeedConfig config, Clock clock, MeterRegistry metrics) {
        this.em = em;
        this.reads = reads;
        this.config = config;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * Fans a new post out to the feeds of its author's active followers, inside the post's
     * transaction, so a follower's next read has it. An author above the large-account threshold
     * is recorded as large instead, and readers merge their posts.
     */
    void onPublished(@Observes PostPublished published) {
        Tuple row = (Tuple) em.createNativeQuery("""
                        select exists (select 1 from feed_large_author where author_id = :a) as large,
                               (select count(*) from (select 1 from follow where followee_id = :a limit :cap) f) as followers""",
                        Tuple.class)
                .setParameter("a", published.authorId())
                .setParameter("cap", config.largeAccountFollowers() + 1)
                .getSingleResult();
        if (Boolean.TRUE.equals(row.get("large", Boolean.class))) {
            return;
        }
        if (number(row, "followers") > config.largeAccountFollowers()) {
            em.createNativeQuery("insert into feed_large_author (author_id, since) values (:a, :now) on conflict do nothing")
                    .setParameter("a", published.authorId())
                    .setParameter("now", at(clock.instant()))
                    .executeUpdate();
            metrics.counter("murmur.feed.large_authors_marked").increment();
            return;
        }
        int rows = em.createNativeQuery("""
                        insert into home_feed (owner_id, created_at, post_id, author_id)
                        select f.follower_id, p.created_at, p.id, p.author_id
                        from post p
                        join follow f on f.followee_id = p.author_id
                        join home_feed_state s on s.owner_id = f.follower_id and s.last_read_at > :activeSince
                        where p.id = :post
                        on conflict do nothing""")
                .setParameter("post", published.postId())
                .setParameter("activeSince", at(clock.instant().minus(config.inactiveAfter())))
                .executeUpdate();
        metrics.counter("murmur.feed.fanout_rows").increment(rows);
    }

    /**
     * The state a home read may rely on, after the upkeep this read owes: the first fill (or a
     * refill after inactivity), the backfill of new follows, and the hourly touch and trim. Empty
     * while the feed is being filled by another read; the caller then uses the pull query.
     */
    public Optional<FeedState> prepare(long viewer) {
        Instant now = clock.instant();
        Optional<FeedState> state = load(viewer);
        if (state.isEmpty() || state.get().lastReadAt().isBefore(now.minus(config.inactiveAfter()).plus(MARGIN))) {
            build(viewer, now);
            state = load(viewer);
        }
        if (state.isEmpty() || !state.get().built()) {
            return Optional.empty();
        }
        FeedState current = state.get();
        if (current.newestFollowAt() != null && current.newestFollowAt().isAfter(current.syncedAt())) {
            backfill(viewer, current, now);
            current = load(viewer).orElseThrow();
        }
        if (current.lastReadAt().isBefore(now.minus(config.touchEvery()))) {
            touch(viewer, current, now);
            current = load(viewer).orElseThrow();
        }
        return Optional.of(current);
    }

    /** The feed's state as committed: every read of it follows the transactions that changed it (a committed read, decision 1172). */
    private Optional<FeedState> load(long viewer) {
        return reads.list(STATE_SQL, Map.of("v", viewer), HomeFeedStore::state).stream().findFirst();
    }

    /** One row of {@link #STATE}. */
    private static FeedState state(ResultSet r) throws SQLException {
        return new FeedState(r.getBoolean("built"), SqlTimes.instant(r, "horizon_at"),
                SqlRows.nullableNumber(r, "horizon_id"), SqlTimes.instant(r, "last_read_at"),
                SqlTimes.instant(r, "synced_at"), SqlTimes.instant(r, "newest_follow_at"));
    }

    /**
     * Fills a feed from the pull query in two transactions. The first records the reader as active,
     * so every fan-out that starts after it includes them. The second first waits out the fan-outs
     * already in flight (a SHARE lock on home_feed conflicts with their inserts), so that a post
     * committed after this fill's snapshot was fanned out by its own transaction; then it copies
     * the newest {@code size} posts and sets the horizon below which reads use the pull query.
     */
    private void build(long viewer, Instant now) {
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("""
                            insert into home_feed_state (owner_id, built, last_read_at, synced_at) values (:v, false, :now, :now)
                            on conflict (owner_id) do update
                            set built = false, horizon_at = null, horizon_id = null, last_read_at = :now, synced_at = :now""")
                    .setParameter("v", viewer).setParameter("now", at(now))
                    .executeUpdate();
            em.createNativeQuery("delete from home_feed where owner_id = :v").setParameter("v", viewer).executeUpdate();
        });
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("lock table home_feed in share mode").executeUpdate();
            em.createNativeQuery("select 1 from home_feed_state where owner_id = :v for update").setParameter("v", viewer).getResultList();
            @SuppressWarnings("unchecked")
            List<Tuple> oldest = em.createNativeQuery("""
                            with c as (
                                select p.created_at, p.id, p.author_id from post p
                                where p.author_id in (select followee_id from follow where follower_id = :v)
                                  and p.author_id not in (select author_id from feed_large_author)
                                  and p.deleted_at is null
                                order by p.created_at desc, p.id desc limit :size),
                            i as (
                                insert into home_feed (owner_id, created_at, post_id, author_id)
                                select :v, created_at, id, author_id from c on conflict do nothing)
                            select created_at, id, (select count(*) from c) as copied from c order by created_at, id limit 1""",
                            Tuple.class)
                    .setParameter("v", viewer).setParameter("size", config.size())
                    .getResultList();
            boolean full = !oldest.isEmpty() && number(oldest.getFirst(), "copied") >= config.size();
            Key horizon = full ? Key.of(oldest.getFirst()) : null;
            em.createNativeQuery("update home_feed_state set built = true, horizon_at = :at, horizon_id = :id where owner_id = :v")
                    .setParameter("v", viewer)
                    .setParameter("at", full ? at(horizon.at()) : null)
                    .setParameter("id", full ? horizon.id() : null)
                    .executeUpdate();
        });
        metrics.counter("murmur.feed.builds").increment();
    }

    /**
     * Copies into the feed the posts (above the horizon) of accounts followed since the last sync.
     * Waits out in-flight fan-outs first, for the reason {@link #build} does. A followee with more
     * than {@code size} such posts raises the horizon to their oldest copied post, so the feed
     * never claims posts it does not hold.
     */
    private void backfill(long viewer, FeedState state, Instant now) {
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("lock table home_feed in share mode").executeUpdate();
            @SuppressWarnings("unchecked")
            List<Tuple> filled = em.createNativeQuery("""
                            with nf as (
                                select followee_id from follow
                                where follower_id = :v and created_at > :since
                                  and followee_id not in (select author_id from feed_large_author)),
                            r as (
                                select p.created_at, p.id, p.author_id,
                                       row_number() over (partition by p.author_id order by p.created_at desc, p.id desc) rn
                                from nf cross join lateral (
                                    select created_at, id, author_id from post
                                    where author_id = nf.followee_id and deleted_at is null
                                      and (created_at, id) >= (:hAt, :hId)
                                    order by created_at desc, id desc limit :size) p),
                            i as (
                                insert into home_feed (owner_id, created_at, post_id, author_id)
                                select :v, created_at, id, author_id from r on conflict do nothing)
                            select created_at, id from r where rn = :size order by created_at desc, id desc limit 1""", Tuple.class)
                    .setParameter("v", viewer)
                    .setParameter("since", at(state.syncedAt().minus(MARGIN)))
                    .setParameter("hAt", at(state.hasHorizon() ? state.horizonAt() : BEGINNING))
                    .setParameter("hId", state.hasHorizon() ? state.horizonId() : 0L)
                    .setParameter("size", config.size())
                    .getResultList();
            if (!filled.isEmpty()) {
                raiseHorizon(viewer, Key.of(filled.getFirst()));
            }
            em.createNativeQuery("update home_feed_state set synced_at = :synced where owner_id = :v")
                    .setParameter("v", viewer).setParameter("synced", at(state.newestFollowAt()))
                    .executeUpdate();
        });
        metrics.counter("murmur.feed.backfills").increment();
    }

    /** Records the reader as active and trims the feed to its newest {@code size} rows. */
    private void touch(long viewer, FeedState state, Instant now) {
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("update home_feed_state set last_read_at = :now where owner_id = :v")
                    .setParameter("v", viewer).setParameter("now", at(now))
                    .executeUpdate();
            @SuppressWarnings("unchecked")
            List<Tuple> cut = em.createNativeQuery("""
                            select created_at, post_id as id from home_feed where owner_id = :v
                            order by created_at desc, post_id desc offset :keep limit 1""", Tuple.class)
                    .setParameter("v", viewer).setParameter("keep", config.size() - 1)
                    .getResultList();
            if (!cut.isEmpty()) {
                Key oldestKept = Key.of(cut.getFirst());
                raiseHorizon(viewer, oldestKept);
                em.createNativeQuery("delete from home_feed where owner_id = :v and (created_at, post_id) < (:at, :id)")
                        .setParameter("v", viewer).setParameter("at", at(oldestKept.at())).setParameter("id", oldestKept.id())
                        .executeUpdate();
            }
        });
    }

    private void raiseHorizon(long viewer, Key key) {
        em.createNativeQuery("""
                        update home_feed_state set horizon_at = :at, horizon_id = :id
                        where owner_id = :v and (horizon_at is null or (horizon_at, horizon_id) < (:at, :id))""")
                .setParameter("v", viewer).setParameter("at", at(key.at())).setParameter("id", key.id())
                .executeUpdate();
    }

    /** A feed key (created_at, id) out of a row, as the horizon and the trim use it. */
    private record Key(Instant at, long id) {

        static Key of(Tuple row) {
            return new Key(SqlTimes.instant(row.get("created_at")), number(row, "id"));
        }
    }

    private static java.time.OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
