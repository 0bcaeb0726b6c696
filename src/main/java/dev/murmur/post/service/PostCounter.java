package dev.murmur.post.service;

/** A post's engagement counters, each with its constant JPQL update (a delta added in SQL, never read and written back). */
public enum PostCounter {
    LIKES("update Post p set p.likeCount = p.likeCount + :d where p.id = :id"),
    REPLIES("update Post p set p.replyCount = p.replyCount + :d where p.id = :id"),
    QUOTES("update Post p set p.quoteCount = p.quoteCount + :d where p.id = :id"),
    REPOSTS("update Post p set p.repostCount = p.repostCount + :d where p.id = :id");

    private final String update;

    PostCounter(String update) {
        this.update = update;
    }

    /** The statement; binds {@code :d} (the delta) and {@code :id} (the post). */
    String update() {
        return update;
    }
}
