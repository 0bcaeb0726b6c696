package dev.murmur.timeline.service;

import dev.murmur.common.CommittedReads;
import dev.murmur.common.SqlRows;
import dev.murmur.common.SqlTimes;
import dev.murmur.common.NamedSql;
import dev.murmur.post.Facet;
import dev.murmur.post.Post;
import dev.murmur.timeline.PostView;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static dev.murmur.common.SqlRows.nullableNumber;

/**
 * Turns post ids into {@link PostView}s with a fixed number of statements, whatever the number of
 * ids: posts with authors and repost originals; quoted posts; facets; the viewer's likes, reposts
 * and blocks. Every statement is native SQL of constant text that binds its ids as one
 * {@code bigint[]}, so PostgreSQL reuses its plan for every page; they are committed reads
 * ({@link CommittedReads}, decision 1172), with rows read by column name into records. The statements
 * are public because the API benchmark's pgbench baseline sends them as they are (ApiBenchmark).
 */
@ApplicationScoped
public class PostViews {

    /**
     * The columns of a post, its counters (no {@code post_counter} row: all 0) and its author;
     * {@link #post(ResultSet, String, PostRow)} reads them back.
     */
    private static String postColumns(String post, String counter, String author, String prefix) {
        return String.join(", ",
                post + ".id as " + prefix + "id", post + ".kind as " + prefix + "kind", post + ".text as " + prefix + "text",
                post + ".reply_parent_id as " + prefix + "reply_parent_id", post + ".reply_root_id as " + prefix + "reply_root_id",
                post + ".quote_of_id as " + prefix + "quote_of_id",
                "coalesce(" + counter + ".like_count, 0) as " + prefix + "like_count",
                "coalesce(" + counter + ".repost_count, 0) as " + prefix + "repost_count",
                "coalesce(" + counter + ".reply_count, 0) as " + prefix + "reply_count",
                "coalesce(" + counter + ".quote_count, 0) as " + prefix + "quote_count", post + ".created_at as " + prefix + "created_at",
                post + ".deleted_at as " + prefix + "deleted_at", author + ".id as " + prefix + "author_id",
                author + ".handle as " + prefix + "author_handle", author + ".display_name as " + prefix + "author_display_name");
    }

    /** The posts of {@code :ids} with their authors, and each repost's original (columns {@code r_*}) with its author. */
    public static final String POSTS = "select " + postColumns("p", "pc", "a", "") + ",\n       " + postColumns("r", "rc", "ra", "r_") + """

            from post p join account a on a.id = p.author_id left join post_counter pc on pc.post_id = p.id
            left join post r on r.id = p.repost_of_id left join account ra on ra.id = r.author_id
            left join post_counter rc on rc.post_id = r.id
            where p.id = any(cast(:ids as bigint[]))""";

    /** The quoted posts {@code :quoted} with their authors. */
    public static final String QUOTED = "select " + postColumns("p", "pc", "a", "") + """

            from post p join account a on a.id = p.author_id left join post_counter pc on pc.post_id = p.id
            where p.id = any(cast(:quoted as bigint[]))""";

    /** The facets of the posts {@code :posts}, in text order. */
    public static final String FACETS = """
            select post_id, kind, byte_start, byte_end, value, account_id from post_facet
            where post_id = any(cast(:posts as bigint[])) order by byte_start, id""";

    /** Which of {@code :posts} the viewer {@code :v} liked (L) or reposted (R), which of {@code :authors} block either way (B). */
    public static final String VIEWER_FLAGS = """
            select post_id as id, 'L' as flag from post_like where account_id = :v and post_id = any(cast(:posts as bigint[]))
            union all
            select repost_of_id, 'R' from post where author_id = :v and kind = 'REPOST' and deleted_at is null
                                           and repost_of_id = any(cast(:posts as bigint[]))
            union all
            select blocker_id, 'B' from block where blocked_id = :v and blocker_id = any(cast(:authors as bigint[]))
            union all
            select blocked_id, 'B' from block where blocker_id = :v and blocked_id = any(cast(:authors as bigint[]))""";

    private static final NamedSql POSTS_SQL = NamedSql.of(POSTS);
    private static final NamedSql QUOTED_SQL = NamedSql.of(QUOTED);
    private static final NamedSql FACETS_SQL = NamedSql.of(FACETS);
    private static final NamedSql VIEWER_FLAGS_SQL = NamedSql.of(VIEWER_FLAGS);

    private final CommittedReads reads;

    public PostViews(CommittedReads reads) {
        this.reads = reads;
    }

    /** A post as its statement reads it: with its author, and for a repost the original (null otherwise). */
    private record PostRow(long id, Post.Kind kind, PostView.Author author, String text, Long replyParentId,
                           Long replyRootId, Long quoteOfId, PostView.Counts counts, Instant createdAt, boolean deleted,
                           PostRow repostOf) {

        /** The post whose text, facets and quote a view shows: a repost's original, or the post itself. */
        PostRow shown() {
            return kind == Post.Kind.REPOST ? repostOf : this;
        }
    }

    /** Views in the order of {@code ids}; unknown ids are skipped. */
    public List<PostView> load(List<Long> ids, Optional<Long> viewer) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<Long, PostRow> posts = rows(POSTS_SQL, "ids", ids, true);

        Set<Long> quotedIds = posts.values().stream()
                .map(p -> p.shown().quoteOfId())
                .filter(Objects::nonNull)
                .collect(Collectors.toSet());
        Map<Long, PostRow> quoted = quotedIds.isEmpty() ? Map.of() : rows(QUOTED_SQL, "quoted", quotedIds, false);

        Set<Long> textIds = new HashSet<>(quotedIds);
        posts.values().forEach(p -> textIds.add(p.shown().id()));
        Map<Long, List<PostView.FacetView>> facets = reads.list(FACETS_SQL, Map.of("posts", textIds), PostViews::facet)
                .stream()
                .collect(Collectors.groupingBy(PostFacet::postId, Collectors.mapping(PostFacet::view, Collectors.toList())));

        ViewerFlags flags = viewer.map(v -> viewerFlags(v, textIds, authors(posts.values(), quoted.values())))
                .orElse(ViewerFlags.NONE);

        List<PostView> views = new ArrayList<>(ids.size());
        for (Long id : ids) {
            PostRow post = posts.get(id);
            if (post != null) {
                views.add(view(post, quoted, facets, flags, true));
            }
        }
        return views;
    }

    /** The rows of {@code sql} by post id; with {@code withOriginals}, a repost carries its original ({@code r_*} columns). */
    private Map<Long, PostRow> rows(NamedSql sql, String parameter, Collection<Long> ids, boolean withOriginals) {
        return reads.list(sql, Map.of(parameter, ids),
                        r -> post(r, "", withOriginals && r.getObject("r_id") != null ? post(r, "r_", null) : null))
                .stream()
                .collect(Collectors.toMap(PostRow::id, Function.identity()));
    }

    /** One post of a row, from the columns {@link #postColumns} named with {@code prefix}. */
    private static PostRow post(ResultSet row, String prefix, PostRow repostOf) throws SQLException {
        return new PostRow(row.getLong(prefix + "id"), Post.Kind.valueOf(row.getString(prefix + "kind")),
                new PostView.Author(row.getLong(prefix + "author_id"), row.getString(prefix + "author_handle"),
                        row.getString(prefix + "author_display_name")),
                row.getString(prefix + "text"), nullableNumber(row, prefix + "reply_parent_id"),
                nullableNumber(row, prefix + "reply_root_id"), nullableNumber(row, prefix + "quote_of_id"),
                new PostView.Counts(row.getInt(prefix + "like_count"), row.getInt(prefix + "repost_count"),
                        row.getInt(prefix + "reply_count"), row.getInt(prefix + "quote_count")),
                SqlTimes.instant(row, prefix + "created_at"), row.getObject(prefix + "deleted_at") != null, repostOf);
    }

    private PostView view(PostRow post, Map<Long, PostRow> quoted, Map<Long, List<PostView.FacetView>> facets,
                          ViewerFlags flags, boolean embedOriginal) {
        if (flags.blockedAuthors.contains(post.author().id())) {
            return PostView.unavailable(post.id());
        }
        if (post.kind() == Post.Kind.REPOST) {
            if (!embedOriginal) {
                // A repost inside a repost or a quote: the app never writes one (both target the original),
                // and its statement does not read a second level. Shown like any post it cannot show.
                return PostView.unavailable(post.id());
            }
            return new PostView(post.id(), post.kind().name(), post.author(), null, null, null, null, null,
                    view(post.repostOf(), quoted, facets, flags, false), null, null, post.createdAt(), null, null);
        }
        PostView quote = null;
        if (post.quoteOfId() != null) {
            PostRow q = quoted.get(post.quoteOfId());
            quote = q == null ? PostView.unavailable(post.quoteOfId()) : view(q, Map.of(), facets, flags, false);
        }
        boolean deleted = post.deleted();
        return new PostView(post.id(), post.kind().name(), post.author(), deleted ? "" : post.text(),
                deleted ? List.of() : facets.getOrDefault(post.id(), List.of()),
                post.replyParentId(), post.replyRootId(), quote, null, post.counts(),
                flags == ViewerFlags.NONE ? null : new PostView.Viewer(flags.liked.contains(post.id()), flags.reposted.contains(post.id())),
                post.createdAt(), deleted ? Boolean.TRUE : null, null);
    }

    private static Set<Long> authors(Collection<PostRow> posts, Collection<PostRow> quoted) {
        Set<Long> ids = new LinkedHashSet<>();
        posts.forEach(p -> {
            ids.add(p.author().id());
            if (p.repostOf() != null) {
                ids.add(p.repostOf().author().id());
            }
        });
        quoted.forEach(p -> ids.add(p.author().id()));
        return ids;
    }

    /** A facet and the post it belongs to. */
    private record PostFacet(long postId, PostView.FacetView view) {
    }

    /** One facet row of {@link #FACETS}. */
    private static PostFacet facet(ResultSet f) throws SQLException {
        int start = f.getInt("byte_start");
        int end = f.getInt("byte_end");
        String value = f.getString("value");
        PostView.FacetView view = switch (Facet.Kind.valueOf(f.getString("kind"))) {
            case HASHTAG -> new PostView.FacetView("hashtag", start, end, value, null, null, null);
            case MENTION -> new PostView.FacetView("mention", start, end, null, value, nullableNumber(f, "account_id"), null);
            case LINK -> new PostView.FacetView("link", start, end, null, null, null, value);
        };
        return new PostFacet(f.getLong("post_id"), view);
    }

    /** One row of {@link #VIEWER_FLAGS}. */
    private record Flag(long id, String flag) {
    }

    private record ViewerFlags(Set<Long> liked, Set<Long> reposted, Set<Long> blockedAuthors) {
        static final ViewerFlags NONE = new ViewerFlags(Set.of(), Set.of(), Set.of());
    }

    /**
     * One statement for all three ({@link #VIEWER_FLAGS}): which posts the viewer liked or reposted,
     * which authors block either way.
     */
    private ViewerFlags viewerFlags(long viewer, Set<Long> postIds, Set<Long> authorIds) {
        List<Flag> rows = reads.list(VIEWER_FLAGS_SQL,
                Map.of("v", viewer, "posts", postIds, "authors", authorIds),
                r -> new Flag(r.getLong("id"), r.getString("flag")));
        Map<String, Set<Long>> byKind = new HashMap<>();
        for (Flag row : rows) {
            byKind.computeIfAbsent(row.flag(), k -> new HashSet<>()).add(row.id());
        }
        Set<Long> blocked = new HashSet<>(byKind.getOrDefault("B", Set.of()));
        blocked.remove(viewer);
        return new ViewerFlags(byKind.getOrDefault("L", Set.of()), byKind.getOrDefault("R", Set.of()), blocked);
    }
}
