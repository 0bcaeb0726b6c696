package dev.murmur.timeline.service;

import dev.murmur.common.CommittedReads;
import dev.murmur.common.SqlTimes;
import dev.murmur.common.NamedSql;
import dev.murmur.account.Account;
import dev.murmur.account.service.AccountService;
import dev.murmur.post.Post;
import dev.murmur.post.service.Hashtags;
import dev.murmur.post.service.PostService;
import dev.murmur.problem.ApiException;
import dev.murmur.problem.ProblemType;
import dev.murmur.social.service.SocialGraph;
import dev.murmur.timeline.Page;
import dev.murmur.timeline.PostView;
import dev.murmur.timeline.Thread;
import dev.murmur.timeline.feed.FeedState;
import dev.murmur.timeline.feed.HomeFeedStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reverse-chronological reads with keyset (cursor) pagination. Each read is one query for the
 * page's ids plus {@link PostViews}' fixed set, so a page costs the same number of statements
 * whatever its size. The reads are committed reads ({@link CommittedReads}, decision 1172).
 */
@ApplicationScoped
public class TimelineService {

    public static final int MAX_LIMIT = 100;
    /** Stands for "nobody" in visibility filters when the reader is anonymous. */
    private static final long ANONYMOUS = -1;

    /** Hides posts whose author, or whose reposted original's author, blocks the viewer or is blocked by them. */
    private static final String VISIBLE = """
             and not exists (select 1 from block b where (b.blocker_id = p.author_id and b.blocked_id = :viewer)
                                                      or (b.blocker_id = :viewer and b.blocked_id = p.author_id))
             and not exists (select 1 from post o where o.id = p.repost_of_id and (o.deleted_at is not null
                  or exists (select 1 from block b where (b.blocker_id = o.author_id and b.blocked_id = :viewer)
                                                      or (b.blocker_id = :viewer and b.blocked_id = o.author_id))))
            """;
    private static final String NOT_MUTED = """
             and not exists (select 1 from mute m where m.muter_id = :viewer and m.muted_id = p.author_id)
            """;
    /** The pull query of the home timeline: every post by the viewer or an account they follow. */
    private static final String HOME_PULL = """
            (p.author_id = :viewer or p.author_id in (select followee_id from follow where follower_id = :viewer))
            and p.deleted_at is null""" + VISIBLE + NOT_MUTED;
    /**
     * The first home page's feed rows ({@link #feedRows}): {@code :viewer}, the horizon {@code :hAt}
     * and {@code :hId} (the epoch and 0 without one), and {@code :fetch} rows. Public because the API
     * benchmark's pgbench baseline sends it as it is (ApiBenchmark).
     */
    public static final String HOME_FEED = homeFeed(false);
    private static final NamedSql HOME_FEED_SQL = NamedSql.of(HOME_FEED);
    /** {@link #HOME_FEED} after a cursor ({@code :afterTime}, {@code :afterId}). */
    private static final NamedSql HOME_FEED_AFTER_SQL = NamedSql.of(homeFeed(true));
    /** A thread's ancestors, root first. */
    private static final NamedSql ANCESTORS = NamedSql.of("""
            with recursive up (id, parent_id, depth) as (
                select id, reply_parent_id, 0 from post where id = :id
                union all
                select p.id, p.reply_parent_id, up.depth + 1 from post p join up on p.id = up.parent_id
            )
            select id from up where depth > 0 order by depth desc""");

    /**
     * The lists read newest first by keyset ({@link #rows}): each one's filter over {@code post p} is a
     * constant here, so no caller passes SQL, and values are always bound parameters.
     */
    private enum Listing {
        HOME_PULL(TimelineService.HOME_PULL),
        /** The pull query below the home feed's horizon ({@code :hAt}, {@code :hId}). */
        HOME_PULL_BELOW_HORIZON(TimelineService.HOME_PULL + " and (p.created_at, p.id) < (:hAt, :hId)"),
        PROFILE("p.author_id = :owner and p.deleted_at is null" + VISIBLE),
        /**
         * A tag's posts newest first, from post_tag (decision 1173): an index range scan of the tag's
         * own rows, probed against the posts, that stops at the page.
         */
        HASHTAG(NamedSql.of(hashtag("")), NamedSql.of(hashtag(" and (t.created_at, t.post_id) < (:afterTime, :afterId)"))),
        /** PostgreSQL full-text search ('simple' configuration, web-search syntax: quotes, OR, -word). */
        SEARCH("""
                p.search_vector @@ websearch_to_tsquery('simple', :q)
                and p.deleted_at is null""" + VISIBLE + NOT_MUTED),
        /** A thread's direct replies, tombstones included to keep the thread's shape. */
        REPLIES("p.reply_parent_id = :parent" + VISIBLE);

        /** The first page's statement, and a later page's (after {@code :afterTime}, {@code :afterId}). */
        final NamedSql first;
        final NamedSql after;

        Listing(String where) {
            this.first = NamedSql.of(statement(where, ""));
            this.after = NamedSql.of(statement(where, " and (p.created_at, p.id) < (:afterTime, :afterId)"));
        }

        Listing(NamedSql first, NamedSql after) {
            this.first = first;
            this.after = after;
        }

        /** A page of {@code :tag}'s posts, after {@code keyset}; ordered as post_tag's index is. */
        private static String hashtag(String keyset) {
            return "select p.id, p.created_at from post_tag t join post p on p.id = t.post_id where t.tag = :tag" + keyset
                    + " and p.deleted_at is null" + VISIBLE + NOT_MUTED
                    + " order by t.created_at desc, t.post_id desc limit :limit";
        }

        private static String statement(String where, String keyset) {
            return "select p.id, p.created_at from post p where " + where + keyset
                    + " order by p.created_at desc, p.id desc limit :limit";
        }
    }

    private final CommittedReads reads;
    private final PostViews views;
    private final AccountService accounts;
    private final SocialGraph social;
    private final PostService posts;
    private final HomeFeedStore feeds;

    public TimelineService(CommittedReads reads, PostViews views, AccountService accounts, SocialGraph social, PostService posts,
                           HomeFeedStore feeds) {
        this.feeds = feeds;
        this.reads = reads;
        this.views = views;
        this.accounts = accounts;
        this.social = social;
        this.posts = posts;
    }

    /**
     * The viewer's own posts and those of the accounts they follow, minus muted accounts. Served
     * from the viewer's home feed down to its horizon, and from the pull query below it, or
     * entirely from the pull query while the feed is being filled
     * (docs/decisions/1001-home-feed-fan-out-on-write.md).
     */
    public Page<PostView> home(long viewer, String cursor, int limit) {
        checkLimit(limit);
        Optional<FeedState> feed = feeds.prepare(viewer);
        if (feed.isEmpty()) {
            return page(Listing.HOME_PULL, Map.of(), Optional.of(viewer), cursor, limit);
        }
        FeedState state = feed.get();
        Cursor after = decode(cursor);
        List<Key> rows = new ArrayList<>(feedRows(viewer, state, after, limit + 1));
        if (rows.size() <= limit && state.hasHorizon()) {
            rows.addAll(rows(Listing.HOME_PULL_BELOW_HORIZON,
                    Map.of("hAt", utc(state.horizonAt()), "hId", state.horizonId()), Optional.of(viewer), after,
                    limit + 1 - rows.size()));
        }
        IdPage page = IdPage.of(rows, limit);
        return new Page<>(views.load(page.ids(), viewer(viewer)), page.nextCursor());
    }

    /**
     * Feed rows at or above the horizon, merged with the viewer's own posts and those of followed
     * large accounts (which are never fanned out). Every row is checked against the live follow,
     * post, block and mute rows, so the feed never shows what the pull query would not.
     */
    private List<Key> feedRows(long viewer, FeedState state, Cursor after, int fetch) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("viewer", viewer);
        parameters.put("hAt", utc(state.hasHorizon() ? state.horizonAt() : java.time.Instant.EPOCH));
        parameters.put("hId", state.hasHorizon() ? state.horizonId() : 0L);
        if (after != null) {
            parameters.put("afterTime", utc(after.createdAt()));
            parameters.put("afterId", after.id());
        }
        parameters.put("fetch", fetch);
        return reads.list(after == null ? HOME_FEED_SQL : HOME_FEED_AFTER_SQL, parameters, Key::of);
    }

    /**
     * The home feed's statement ({@link #feedRows}), for the first page or, with {@code afterCursor}, a later one.
     *
     * <p>The live-follow check is a {@code lateral} probe of at most one row rather than {@code exists}:
     * PostgreSQL turns an {@code exists} into a semi-join whose selectivity it guesses from column
     * statistics. On the benchmark's world it guessed that fewer rows would pass than the page needs,
     * so it hash-joined the viewer's whole feed with their follows and sorted it (33 ms for a viewer
     * with 500 follows, 822 feed rows). The lateral probe is estimated at one row per feed row, so the
     * plan walks the feed's index newest first and stops at the page (0.7 ms, 21 probes).
     */
    private static String homeFeed(boolean afterCursor) {
        String keysetFeed = afterCursor ? " and (h.created_at, h.post_id) < (:afterTime, :afterId)" : "";
        String keysetPost = afterCursor ? " and (p.created_at, p.id) < (:afterTime, :afterId)" : "";
        return """
                select id, created_at from (
                  (select p.id, p.created_at from home_feed h
                   cross join lateral (select 1 from follow f where f.follower_id = :viewer and f.followee_id = h.author_id limit 1) followed
                   join post p on p.id = h.post_id
                   where h.owner_id = :viewer and (h.created_at, h.post_id) >= (:hAt, :hId)""" + keysetFeed + """
                     and p.deleted_at is null""" + VISIBLE + NOT_MUTED + """
                   order by h.created_at desc, h.post_id desc limit :fetch)
                  union
                  (select p.id, p.created_at from post p
                   where p.author_id = :viewer and (p.created_at, p.id) >= (:hAt, :hId)""" + keysetPost + """
                     and p.deleted_at is null""" + VISIBLE + """
                   order by p.created_at desc, p.id desc limit :fetch)
                  union
                  (select l.id, l.created_at from follow f
                   join feed_large_author a on a.author_id = f.followee_id
                   cross join lateral (
                     select p.id, p.created_at from post p
                     where p.author_id = a.author_id and (p.created_at, p.id) >= (:hAt, :hId)""" + keysetPost + """
                       and p.deleted_at is null""" + VISIBLE + NOT_MUTED + """
                     order by p.created_at desc, p.id desc limit :fetch) l
                   where f.follower_id = :viewer)
                ) c order by created_at desc, id desc limit :fetch""";
    }

    public Page<PostView> profile(String handle, Optional<Long> viewer, String cursor, int limit) {
        Account owner = accounts.require(handle);
        viewer.ifPresent(v -> social.requireNotBlockedBy(owner.id, v));
        return page(Listing.PROFILE, Map.of("owner", owner.id), viewer, cursor, limit);
    }

    public Page<PostView> hashtag(String tag, Optional<Long> viewer, String cursor, int limit) {
        String normalized = Hashtags.normalize(tag.startsWith("#") ? tag.substring(1) : tag);
        if (normalized.isBlank() || normalized.length() > 64) {
            throw ApiException.field(ProblemType.VALIDATION_FAILED, "tag", "must be 1 to 64 characters");
        }
        return page(Listing.HASHTAG, Map.of("tag", normalized), viewer, cursor, limit);
    }

    /** PostgreSQL full-text search ('simple' configuration, web-search syntax: quotes, OR, -word). */
    public Page<PostView> search(String query, Optional<Long> viewer, String cursor, int limit) {
        if (query == null || query.isBlank() || query.length() > 200) {
            throw ApiException.field(ProblemType.VALIDATION_FAILED, "q", "must be 1 to 200 characters");
        }
        return page(Listing.SEARCH, Map.of("q", query), viewer, cursor, limit);
    }

    public PostView single(long postId, Optional<Long> viewer) {
        Post post = posts.require(postId);
        viewer.ifPresent(v -> social.requireNotBlockedBy(post.author.id, v));
        return views.load(List.of(postId), viewer).getFirst();
    }

    /** Ancestors root first, the post, and its direct replies newest first (tombstones included, to keep the shape). */
    public Thread thread(long postId, Optional<Long> viewer, String cursor, int limit) {
        Post post = posts.require(postId);
        viewer.ifPresent(v -> social.requireNotBlockedBy(post.author.id, v));
        List<Long> ancestorIds = reads.list(ANCESTORS, Map.of("id", postId), r -> r.getLong("id"));
        IdPage replies = ids(Listing.REPLIES, Map.of("parent", postId), viewer, cursor, limit);

        List<Long> all = new ArrayList<>(ancestorIds);
        all.add(postId);
        all.addAll(replies.ids());
        List<PostView> loaded = views.load(all, viewer);
        int ancestors = ancestorIds.size();
        return new Thread(loaded.subList(0, ancestors), loaded.get(ancestors),
                new Page<>(loaded.subList(ancestors + 1, loaded.size()), replies.nextCursor()));
    }

    private Page<PostView> page(Listing listing, Map<String, Object> params, Optional<Long> viewer, String cursor, int limit) {
        IdPage page = ids(listing, params, viewer, cursor, limit);
        return new Page<>(views.load(page.ids(), viewer), page.nextCursor());
    }

    private IdPage ids(Listing listing, Map<String, Object> params, Optional<Long> viewer, String cursor, int limit) {
        checkLimit(limit);
        return IdPage.of(rows(listing, params, viewer, decode(cursor), limit + 1), limit);
    }

    /** Up to {@code fetch} (id, created_at) rows of the listing, newest first, after the cursor. */
    private List<Key> rows(Listing listing, Map<String, Object> params, Optional<Long> viewer, Cursor after, int fetch) {
        Map<String, Object> all = new HashMap<>(params);
        all.put("viewer", viewer.orElse(ANONYMOUS));
        if (after != null) {
            all.put("afterTime", utc(after.createdAt()));
            all.put("afterId", after.id());
        }
        all.put("limit", fetch);
        return reads.list(after == null ? listing.first : listing.after, all, Key::of);
    }

    private static void checkLimit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.field(ProblemType.VALIDATION_FAILED, "limit", "must be between 1 and " + MAX_LIMIT);
        }
    }

    private static Cursor decode(String cursor) {
        return cursor == null || cursor.isEmpty() ? null : Cursor.decode(cursor);
    }

    private static Optional<Long> viewer(long viewer) {
        return Optional.of(viewer);
    }

    private static OffsetDateTime utc(java.time.Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** A post's place in a timeline: its keyset key. */
    private record Key(long id, java.time.Instant createdAt) {

        static Key of(ResultSet row) throws SQLException {
            return new Key(row.getLong("id"), SqlTimes.instant(row, "created_at"));
        }
    }

    private record IdPage(List<Long> ids, String nextCursor) {

        /** The first {@code limit} of up to {@code limit + 1} rows, and a cursor when there were more. */
        static IdPage of(List<Key> rows, int limit) {
            boolean more = rows.size() > limit;
            List<Key> shown = more ? rows.subList(0, limit) : rows;
            String next = null;
            if (more) {
                Key last = shown.getLast();
                next = new Cursor(last.createdAt(), last.id()).encode();
            }
            return new IdPage(shown.stream().map(Key::id).toList(), next);
        }
    }

}
