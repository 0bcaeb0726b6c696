package dev.murmur.post.service;

/**
 * A post's engagement counters, each with its constant SQL update (a delta added in SQL, never read and
 * written back). Native SQL: a JPQL update is translated to SQL again on every execution, which the
 * API benchmark's profile showed on every like.
 */
public enum PostCounter {
    LIKES("update post set like_count = like_count + :d where id = :id"),
    REPLIES("update post set reply_count = reply_count + :d where id = :id"),
    QUOTES("update post set quote_count = quote_count + :d where id = :id"),
    REPOSTS("update post set repost_count = repost_count + :d where id = :id");

    private final String update;

    PostCounter(String update) {
        this.update = update;
    }

    /** The statement; binds {@code :d} (the delta) and {@code :id} (the post). */
    String update() {
        return update;
    }
}
