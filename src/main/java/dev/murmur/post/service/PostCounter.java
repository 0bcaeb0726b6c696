package dev.murmur.post.service;

/**
 * A post's engagement counters in {@code post_counter} (decision 1170), each with its constant SQL
 * statement: a delta added in SQL, never read and written back, and the post's row made on its first
 * engagement. Native SQL: a JPQL update is translated to SQL again on every execution, which the API
 * benchmark's profile showed on every like.
 */
public enum PostCounter {
    LIKES("""
            insert into post_counter (post_id, like_count) values (:id, :d)
            on conflict (post_id) do update set like_count = post_counter.like_count + excluded.like_count""",
            "update post_counter set like_count = like_count - :d where post_id = :id"),
    REPLIES("""
            insert into post_counter (post_id, reply_count) values (:id, :d)
            on conflict (post_id) do update set reply_count = post_counter.reply_count + excluded.reply_count""",
            "update post_counter set reply_count = reply_count - :d where post_id = :id"),
    QUOTES("""
            insert into post_counter (post_id, quote_count) values (:id, :d)
            on conflict (post_id) do update set quote_count = post_counter.quote_count + excluded.quote_count""",
            "update post_counter set quote_count = quote_count - :d where post_id = :id"),
    REPOSTS("""
            insert into post_counter (post_id, repost_count) values (:id, :d)
            on conflict (post_id) do update set repost_count = post_counter.repost_count + excluded.repost_count""",
            "update post_counter set repost_count = repost_count - :d where post_id = :id");

    private final String add;
    private final String subtract;

    PostCounter(String add, String subtract) {
        this.add = add;
        this.subtract = subtract;
    }

    /**
     * The statement that moves the counter by {@code delta}; it binds {@code :d} (the delta's size) and
     * {@code :id} (the post). Taking away is a plain update: PostgreSQL checks an insert's row against
     * the counters' {@code >= 0} constraints before it looks for the conflicting row, so an upsert of a
     * negative count would fail even when the row exists, and what is taken away was added first.
     */
    String statement(int delta) {
        return delta >= 0 ? add : subtract;
    }
}
