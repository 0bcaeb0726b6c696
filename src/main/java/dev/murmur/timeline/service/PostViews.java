package dev.murmur.timeline.service;

import dev.murmur.common.SqlArrays;
import dev.murmur.post.Facet;
import dev.murmur.post.Post;
import dev.murmur.timeline.PostView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns post ids into {@link PostView}s with a fixed number of statements, whatever the number of
 * ids: posts with authors and repost originals; quoted posts; facets; the viewer's likes, reposts
 * and blocks. No lazy loading happens while views are built.
 */
@ApplicationScoped
public class PostViews {

    private final EntityManager em;

    public PostViews(EntityManager em) {
        this.em = em;
    }

    /** Views in the order of {@code ids}; unknown ids are skipped. */
    public List<PostView> load(List<Long> ids, Optional<Long> viewer) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<Long, Post> posts = em.createQuery("""
                        select p from Post p join fetch p.author left join fetch p.repostOf r left join fetch r.author
                        where p.id in :ids""", Post.class)
                .setParameter("ids", ids)
                .getResultStream()
                .collect(Collectors.toMap(p -> p.id, Function.identity()));

        Set<Long> quotedIds = posts.values().stream()
                .map(p -> shown(p).quoteOfId)
                .filter(java.util.Objects::nonNull)
                .collect(Collectors.toSet());
        Map<Long, Post> quoted = quotedIds.isEmpty() ? Map.of() : em.createQuery(
                        "select p from Post p join fetch p.author where p.id in :ids", Post.class)
                .setParameter("ids", quotedIds)
                .getResultStream()
                .collect(Collectors.toMap(p -> p.id, Function.identity()));

        Set<Long> textIds = new HashSet<>(quotedIds);
        posts.values().forEach(p -> textIds.add(shown(p).id));
        Map<Long, List<Facet>> facets = em.createQuery("from Facet f where f.postId in :ids order by f.byteStart", Facet.class)
                .setParameter("ids", textIds)
                .getResultStream()
                .collect(Collectors.groupingBy(f -> f.postId));

        ViewerFlags flags = viewer.map(v -> viewerFlags(v, textIds, authors(posts.values(), quoted.values())))
                .orElse(ViewerFlags.NONE);

        List<PostView> views = new ArrayList<>(ids.size());
        for (Long id : ids) {
            Post post = posts.get(id);
            if (post != null) {
                views.add(view(post, quoted, facets, flags, true));
            }
        }
        return views;
    }

    private PostView view(Post post, Map<Long, Post> quoted, Map<Long, List<Facet>> facets, ViewerFlags flags,
                          boolean embedOriginal) {
        if (flags.blockedAuthors.contains(post.author.id)) {
            return PostView.unavailable(post.id);
        }
        PostView.Author author = new PostView.Author(post.author.id, post.author.handle, post.author.displayName);
        if (post.kind == Post.Kind.REPOST) {
            PostView original = embedOriginal ? view(post.repostOf, quoted, facets, flags, false) : null;
            return new PostView(post.id, post.kind.name(), author, null, null, null, null, null, original,
                    null, null, post.createdAt, null, null);
        }
        PostView quote = null;
        if (post.quoteOfId != null) {
            Post q = quoted.get(post.quoteOfId);
            quote = q == null ? PostView.unavailable(post.quoteOfId) : view(q, Map.of(), facets, flags, false);
        }
        boolean deleted = post.isDeleted();
        return new PostView(post.id, post.kind.name(), author, deleted ? "" : post.text,
                deleted ? List.of() : facets.getOrDefault(post.id, List.of()).stream().map(PostViews::facet).toList(),
                post.replyParentId, post.replyRootId, quote, null,
                new PostView.Counts(post.likeCount, post.repostCount, post.replyCount, post.quoteCount),
                flags == ViewerFlags.NONE ? null : new PostView.Viewer(flags.liked.contains(post.id), flags.reposted.contains(post.id)),
                post.createdAt, deleted ? Boolean.TRUE : null, null);
    }

    private static Post shown(Post post) {
        return post.kind == Post.Kind.REPOST ? post.repostOf : post;
    }

    private static Set<Long> authors(Collection<Post> posts, Collection<Post> quoted) {
        Set<Long> ids = new LinkedHashSet<>();
        posts.forEach(p -> {
            ids.add(p.author.id);
            if (p.repostOf != null) {
                ids.add(p.repostOf.author.id);
            }
        });
        quoted.forEach(p -> ids.add(p.author.id));
        return ids;
    }

    private static PostView.FacetView facet(Facet f) {
        return switch (f.kind) {
            case HASHTAG -> new PostView.FacetView("hashtag", f.byteStart, f.byteEnd, f.value, null, null, null);
            case MENTION -> new PostView.FacetView("mention", f.byteStart, f.byteEnd, null, f.value, f.accountId, null);
            case LINK -> new PostView.FacetView("link", f.byteStart, f.byteEnd, null, null, null, f.value);
        };
    }

    private record ViewerFlags(Set<Long> liked, Set<Long> reposted, Set<Long> blockedAuthors) {
        static final ViewerFlags NONE = new ViewerFlags(Set.of(), Set.of(), Set.of());
    }

    /**
     * One statement for all three: which posts the viewer liked or reposted, which authors block either way.
     * The ids are bound as arrays so that the statement's text is the same for every page (SqlArrays).
     */
    private ViewerFlags viewerFlags(long viewer, Set<Long> postIds, Set<Long> authorIds) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        select post_id, 'L' from post_like where account_id = :v and post_id = any(cast(:posts as bigint[]))
                        union all
                        select repost_of_id, 'R' from post where author_id = :v and kind = 'REPOST' and deleted_at is null
                                                       and repost_of_id = any(cast(:posts as bigint[]))
                        union all
                        select blocker_id, 'B' from block where blocked_id = :v and blocker_id = any(cast(:authors as bigint[]))
                        union all
                        select blocked_id, 'B' from block where blocker_id = :v and blocked_id = any(cast(:authors as bigint[]))""")
                .setParameter("v", viewer).setParameter("posts", SqlArrays.bigints(postIds))
                .setParameter("authors", SqlArrays.bigints(authorIds))
                .getResultList();
        Map<String, Set<Long>> byKind = new HashMap<>();
        for (Object[] row : rows) {
            byKind.computeIfAbsent(String.valueOf(row[1]), k -> new HashSet<>()).add(((Number) row[0]).longValue());
        }
        Set<Long> blocked = new HashSet<>(byKind.getOrDefault("B", Set.of()));
        blocked.remove(viewer);
        return new ViewerFlags(byKind.getOrDefault("L", Set.of()), byKind.getOrDefault("R", Set.of()), blocked);
    }
}
