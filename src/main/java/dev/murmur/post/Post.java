package dev.murmur.post;

import dev.murmur.account.Account;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * A post, reply, quote or repost. Deleting leaves a tombstone: the row stays (threads keep their
 * shape) with its text cleared and {@link #deletedAt} set.
 */
@Entity
@Table(name = "post")
public class Post extends PanacheEntityBase {

    public enum Kind { POST, REPLY, QUOTE, REPOST }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "author_id", updatable = false)
    public Account author;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    public Kind kind;

    @Column(nullable = false)
    public String text = "";

    @Column(name = "reply_parent_id", updatable = false)
    public Long replyParentId;

    @Column(name = "reply_root_id", updatable = false)
    public Long replyRootId;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "quote_of_id", updatable = false)
    public Post quoteOf;

    /** The id behind {@link #quoteOf}, readable without loading the quoted post. */
    @Column(name = "quote_of_id", insertable = false, updatable = false)
    public Long quoteOfId;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "repost_of_id", updatable = false)
    public Post repostOf;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "deleted_at")
    public Instant deletedAt;

    /** When moderation removed the post (it is then also a tombstone); who and why are in the moderation log. */
    @Column(name = "removed_by_moderation_at")
    public Instant removedByModerationAt;

    public boolean isDeleted() {
        return deletedAt != null;
    }
}
