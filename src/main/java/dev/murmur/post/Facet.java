package dev.murmur.post;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A structured span of a post's text: UTF-8 byte offsets, end exclusive. */
@Entity
@Table(name = "post_facet")
public class Facet extends PanacheEntityBase {

    public enum Kind { HASHTAG, MENTION, LINK }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "post_id", nullable = false, updatable = false)
    public Long postId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    public Kind kind;

    @Column(name = "byte_start", nullable = false, updatable = false)
    public int byteStart;

    @Column(name = "byte_end", nullable = false, updatable = false)
    public int byteEnd;

    /** The normalised tag, the mentioned handle, or the URL. */
    @Column(nullable = false, updatable = false)
    public String value;

    /** The mentioned account, for mentions. */
    @Column(name = "account_id", updatable = false)
    public Long accountId;
}
