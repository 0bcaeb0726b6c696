package dev.murmur.post.service;

import dev.murmur.common.SqlArrays;
import dev.murmur.common.UserText;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.murmur.common.SqlRows.number;

/**
 * Short labels for posts that a page lists by id (a creator's earnings per post): the start of the
 * post's text, so that people recognise their posts rather than read numbers.
 */
@ApplicationScoped
public class PostLabels {

    /** User-perceived characters of text a label shows before its ellipsis. */
    static final int LENGTH = 60;
    static final String DELETED = "Deleted post";
    static final String REPOST = "Repost";

    private static final String TEXTS = """
            select id, kind, text, deleted_at is not null as deleted from post where id = any(cast(:ids as bigint[]))""";

    private final EntityManager em;

    public PostLabels(EntityManager em) {
        this.em = em;
    }

    /**
     * The label of each of {@code ids}: its text's start, "Deleted post" for a tombstone (deleted or
     * removed by moderation: its text is not shown again), "Repost" for a repost, and "Post N" for an
     * id that is no post (posts are never deleted as rows, so only a caller's stale id is one).
     */
    @Transactional
    public Map<Long, String> of(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        @SuppressWarnings("unchecked")
        List<Tuple> rows = em.createNativeQuery(TEXTS, Tuple.class).setParameter("ids", SqlArrays.bigints(ids)).getResultList();
        Map<Long, String> labels = new HashMap<>();
        for (Tuple row : rows) {
            String label = row.get("deleted", Boolean.class) ? DELETED
                    : "REPOST".equals(row.get("kind", String.class)) ? REPOST
                    : UserText.excerpt(row.get("text", String.class), LENGTH);
            labels.put(number(row, "id"), label);
        }
        ids.forEach(id -> labels.putIfAbsent(id, "Post " + id));
        return labels;
    }
}
