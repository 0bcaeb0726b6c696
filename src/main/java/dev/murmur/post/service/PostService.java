package dev.murmur.post.service;

import dev.murmur.limit.Limit;
import dev.murmur.limit.RateLimiter;
import dev.murmur.account.Account;
import dev.murmur.account.service.AccountService;
import dev.murmur.common.IdempotencyStore;
import dev.murmur.common.UserText;
import dev.murmur.engagement.EngagementEvent;
import dev.murmur.outbox.Outbox;
import dev.murmur.outbox.Topics;
import dev.murmur.post.Facet;
import dev.murmur.post.Post;
import dev.murmur.post.PostEvent;
import dev.murmur.post.PostPublished;
import dev.murmur.problem.ApiException;
import dev.murmur.problem.ProblemType;
import dev.murmur.social.service.SocialGraph;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Writes posts, replies, quotes and reposts, with their facets and counters. */
@ApplicationScoped
public class PostService {

    @ConfigMapping(prefix = "murmur.posts")
    public interface PostConfig {
        /** murmur.posts.max-graphemes: longest post, in user-perceived characters. */
        @WithDefault("500")
        int maxGraphemes();
    }

    /** What the author asked for; the fingerprint of a retried request must match. */
    public record Draft(String text, Long replyTo, Long quoteOf) {
        String fingerprint() {
            return text + "\u0000" + replyTo + "\u0000" + quoteOf;
        }
    }

    public record Created(Post post, boolean replayed) {
    }

    private static final String IDEMPOTENCY_SCOPE = "post";

    private final EntityManager em;
    private final AccountService accounts;
    private final SocialGraph social;
    private final IdempotencyStore idempotency;
    private final PostConfig config;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final Outbox outbox;
    private final Event<PostPublished> published;

    // Field-injected so that the limits stay out of the constructor other features extend.
    @Inject
    RateLimiter limits;

    public PostService(EntityManager em, AccountService accounts, SocialGraph social, IdempotencyStore idempotency,
                       PostConfig config, Clock clock, MeterRegistry metrics, Outbox outbox, Event<PostPublished> published) {
        this.outbox = outbox;
        this.published = published;
        this.em = em;
        this.accounts = accounts;
        this.social = social;
        this.idempotency = idempotency;
        this.config = config;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Transactional
    public Created create(long authorId, Draft draft, Optional<String> idempotencyKey) {
        if (idempotencyKey.isPresent()) {
            Optional<Long> earlier = idempotency.replay(authorId, IDEMPOTENCY_SCOPE, idempotencyKey.get(), draft.fingerprint());
            if (earlier.isPresent()) {
                return new Created(em.find(Post.class, earlier.get()), true);
            }
        }
        limits.take(Limit.POSTS_PER_ACCOUNT, Long.toString(authorId));
        String text = validText(draft.text());
        Post post = new Post();
        post.author = em.getReference(Account.class, authorId);
        Post answered = null;
        post.text = text;
        post.createdAt = clock.instant();
        post.kind = Post.Kind.POST;
        if (draft.replyTo() != null && draft.quoteOf() != null) {
            throw ApiException.field(ProblemType.VALIDATION_FAILED, "quoteOf", "a post is either a reply or a quote, not both");
        }
        if (draft.replyTo() != null) {
            Post parent = requireLive(draft.replyTo(), "replyTo");
            social.requireNotBlockedEitherWay(authorId, parent.author.id);
            post.kind = Post.Kind.REPLY;
            post.replyParentId = parent.id;
            post.replyRootId = parent.replyRootId != null ? parent.replyRootId : parent.id;
            bump(parent.id, PostCounter.REPLIES, 1);
            answered = parent;
        }
        if (draft.quoteOf() != null) {
            Post quoted = original(requireLive(draft.quoteOf(), "quoteOf"));
            social.requireNotBlockedEitherWay(authorId, quoted.author.id);
            post.kind = Post.Kind.QUOTE;
            post.quoteOf = quoted;
            bump(quoted.id, PostCounter.QUOTES, 1);
            answered = quoted;
        }
        post.persist();
        List<Long> mentions = saveFacets(post);
        published.fire(new PostPublished(post.id, authorId));
        outbox.append(Topics.POSTS, Long.toString(authorId), PostEvent.CREATED, "post/" + post.id,
                PostEvent.of(post, accounts.require(authorId).createdAt, tags(post.text), mentions, post.createdAt));
        if (answered != null) {
            engagement(answerKind(post.kind), EngagementEvent.Action.ADDED, authorId, answered, post.id);
        }
        idempotencyKey.ifPresent(key -> idempotency.remember(authorId, IDEMPOTENCY_SCOPE, key, draft.fingerprint(), post.id));
        metrics.counter("murmur.posts.created", "kind", post.kind.name()).increment();
        return new Created(post, false);
    }

    /** Leaves a tombstone. Only the author may delete; deleting twice is deleting once. */
    @Transactional
    public void delete(long actorId, long postId) {
        Post post = requireForUpdate(postId);
        if (!post.author.id.equals(actorId)) {
            throw new ApiException(ProblemType.FORBIDDEN, "Only the author can delete this post");
        }
        if (post.isDeleted()) {
            return;
        }
        if (post.kind == Post.Kind.REPOST) {
            throw ApiException.field(ProblemType.VALIDATION_FAILED, "id", "undo a repost with DELETE /api/posts/{original}/repost");
        }
        tombstone(post, clock.instant());
        metrics.counter("murmur.posts.deleted").increment();
    }

    /**
     * Marks a post removed by moderation at {@code at}, and leaves its tombstone the way an author
     * delete does unless the author already deleted it. Only {@code ModerationService} calls this,
     * with the post locked ({@link #requireForUpdate}), not a repost and not yet removed; it records
     * the decision and its event in the same transaction.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void removeByModeration(Post post, Instant at) {
        if (!post.isDeleted()) {
            tombstone(post, at);
        }
        post.removedByModerationAt = at;
    }

    /**
     * Clears the text and facets of a live post that is not a repost, and publishes its deletion:
     * {@code post.deleted} for the trend detector and, for a reply or quote, the REMOVED engagement
     * that takes the reply or quote credit back from the author it answered.
     */
    private void tombstone(Post post, Instant at) {
        long authorId = post.author.id;
        List<String> tags = tags(post.text);
        post.deletedAt = at;
        post.text = "";
        Facet.delete("postId", post.id);
        em.createNativeQuery("delete from post_tag where post_id = :post").setParameter("post", post.id).executeUpdate();
        outbox.append(Topics.POSTS, Long.toString(authorId), PostEvent.DELETED, "post/" + post.id,
                PostEvent.of(post, accounts.require(authorId).createdAt, tags, post.deletedAt));
        if (post.replyParentId != null) {
            bump(post.replyParentId, PostCounter.REPLIES, -1);
            engagement(EngagementEvent.Kind.REPLY, EngagementEvent.Action.REMOVED, authorId, require(post.replyParentId), post.id);
        }
        if (post.quoteOfId != null) {
            bump(post.quoteOfId, PostCounter.QUOTES, -1);
            engagement(EngagementEvent.Kind.QUOTE, EngagementEvent.Action.REMOVED, authorId, require(post.quoteOfId), post.id);
        }
    }

    /** Reposting twice is reposting once. Returns the original post's id. */
    @Transactional
    public long repost(long accountId, long postId) {
        limits.take(Limit.POSTS_PER_ACCOUNT, Long.toString(accountId));
        Post original = original(requireLive(postId, "id"));
        social.requireNotBlockedEitherWay(accountId, original.author.id);
        @SuppressWarnings("unchecked")
        List<Number> inserted = em.createNativeQuery("""
                        insert into post (author_id, kind, repost_of_id, created_at) values (:a, 'REPOST', :p, :now)
                        on conflict (author_id, repost_of_id) where kind = 'REPOST' and deleted_at is null do nothing
                        returning id""")
                .setParameter("a", accountId).setParameter("p", original.id).setParameter("now", clock.instant())
                .getResultList();
        if (!inserted.isEmpty()) {
            long repostId = inserted.getFirst().longValue();
            published.fire(new PostPublished(repostId, accountId));
            outbox.append(Topics.POSTS, Long.toString(accountId), PostEvent.CREATED, "post/" + repostId,
                    PostEvent.repost(repostId, accountId, original.id, accounts.require(accountId).createdAt, tags(original.text), clock.instant()));
            bump(original.id, PostCounter.REPOSTS, 1);
            engagement(EngagementEvent.Kind.REPOST, EngagementEvent.Action.ADDED, accountId, original, inserted.getFirst().longValue());
            metrics.counter("murmur.engagements", "kind", "repost").increment();
        }
        return original.id;
    }

    @Transactional
    public long unrepost(long accountId, long postId) {
        Post original = original(require(postId));
        @SuppressWarnings("unchecked")
        List<Number> undone = em.createNativeQuery("""
                        update post set deleted_at = :now
                        where author_id = :a and repost_of_id = :p and kind = 'REPOST' and deleted_at is null
                        returning id""")
                .setParameter("a", accountId).setParameter("p", original.id).setParameter("now", clock.instant())
                .getResultList();
        int removed = undone.size();
        for (Number repostId : undone) {
            outbox.append(Topics.POSTS, Long.toString(accountId), PostEvent.DELETED, "post/" + repostId,
                    PostEvent.repost(repostId.longValue(), accountId, original.id, accounts.require(accountId).createdAt,
                            tags(original.text), clock.instant()));
        }
        if (removed > 0) {
            bump(original.id, PostCounter.REPOSTS, -removed);
            engagement(EngagementEvent.Kind.REPOST, EngagementEvent.Action.REMOVED, accountId, original, null);
        }
        return original.id;
    }

    public Post require(long postId) {
        Post post = Post.findById(postId);
        if (post == null) {
            throw ApiException.notFound("Post " + postId);
        }
        return post;
    }

    /**
     * The post, its row locked until the transaction ends, so an author delete and a moderation
     * removal of one post run one after the other and tombstone it once.
     */
    public Post requireForUpdate(long postId) {
        Post post = em.find(Post.class, postId, LockModeType.PESSIMISTIC_WRITE);
        if (post == null) {
            throw ApiException.notFound("Post " + postId);
        }
        return post;
    }

    /**
     * Posts, replies and quotes the author has not deleted: every engagement event carries the
     * reader's. One row that triggers keep exact in the transaction that changes a post (decision
     * 1177), so its cost does not grow with the reader's posts.
     */
    public long countLive(long authorId) {
        List<?> counted = em.createNativeQuery("select live_posts from account_post_count where account_id = :a")
                .setParameter("a", authorId).getResultList();
        return counted.isEmpty() ? 0 : ((Number) counted.getFirst()).longValue();
    }

    /** An existing post that is not a tombstone; {@code field} names the request field in errors. */
    public Post requireLive(long postId, String field) {
        Post post = Post.findById(postId);
        if (post == null) {
            throw noSuchPost(postId, field);
        }
        if (post.isDeleted()) {
            throw postDeleted(postId, field);
        }
        return post;
    }

    /** 404 not-found for a post that does not exist, as every engagement refuses one. */
    public static ApiException noSuchPost(long postId, String field) {
        return new ApiException(ProblemType.NOT_FOUND, "Post " + postId + " does not exist",
                List.of(new dev.murmur.problem.Problem.FieldError(field, "no such post")));
    }

    /** 409 post-deleted for a tombstone, as every engagement refuses one. */
    public static ApiException postDeleted(long postId, String field) {
        return ApiException.field(ProblemType.POST_DELETED, field, "post " + postId + " has been deleted");
    }

    /** Reposts stand for their original: liking, quoting or reposting a repost targets the original. */
    public Post original(Post post) {
        return post.kind == Post.Kind.REPOST ? post.repostOf : post;
    }

    /** Adjusts a counter in SQL, so concurrent writers never lose an update. */
    public void bump(long postId, PostCounter counter, int delta) {
        em.createNativeQuery(counter.statement(delta)).setParameter("d", Math.abs(delta)).setParameter("id", postId).executeUpdate();
    }

    /**
     * Records an engagement with {@code target} for the payout worker, keyed by the target's author
     * (who earns). Callers are inside their write transaction; the outbox requires it.
     */
    public void engagement(EngagementEvent.Kind kind, EngagementEvent.Action action, long readerId, Post target,
                           Long sourcePostId) {
        EngagementEvent event = EngagementEvent.of(kind, action, readerId, accounts.require(readerId).createdAt,
                countLive(readerId), target.author.id, target.id, sourcePostId, clock.instant());
        outbox.append(Topics.ENGAGEMENTS, event.key(), event.type(), event.subject(), event);
    }

    /** The normalised hashtags of a text, once each, in order. */
    private static List<String> tags(String text) {
        return FacetParser.parse(text).stream().filter(s -> s.kind() == Facet.Kind.HASHTAG)
                .map(FacetParser.Span::value).distinct().toList();
    }

    private static EngagementEvent.Kind answerKind(Post.Kind kind) {
        return kind == Post.Kind.REPLY ? EngagementEvent.Kind.REPLY : EngagementEvent.Kind.QUOTE;
    }

    private String validText(String raw) {
        if (raw == null) {
            throw ApiException.field(ProblemType.VALIDATION_FAILED, "text", "is required");
        }
        String text = UserText.nfc(raw).strip();
        UserText.requirePlain("text", text, ProblemType.INVALID_TEXT);
        if (text.isEmpty() || UserText.isBlank(text)) {
            throw ApiException.field(ProblemType.INVALID_TEXT, "text", "must not be empty or only whitespace");
        }
        int length = UserText.graphemeCount(text);
        if (length > config.maxGraphemes()) {
            throw ApiException.field(ProblemType.POST_TOO_LONG, "text",
                    "has " + length + " characters; the limit is " + config.maxGraphemes());
        }
        return text;
    }

    /** Stores the post's facets; returns the accounts it mentions, once each, in text order (the event carries them). */
    private List<Long> saveFacets(Post post) {
        List<FacetParser.Span> spans = FacetParser.parse(post.text);
        java.util.LinkedHashSet<Long> mentionIds = new java.util.LinkedHashSet<>();
        Map<String, Long> mentioned = accounts.idsByHandle(spans.stream()
                .filter(s -> s.kind() == Facet.Kind.MENTION).map(FacetParser.Span::value).toList());
        for (FacetParser.Span span : spans) {
            Long accountId = null;
            if (span.kind() == Facet.Kind.MENTION) {
                accountId = mentioned.get(span.value());
                if (accountId == null) {
                    continue; // "@nobody" is just text
                }
                mentionIds.add(accountId);
            }
            Facet facet = new Facet();
            facet.postId = post.id;
            facet.kind = span.kind();
            facet.byteStart = span.byteStart();
            facet.byteEnd = span.byteEnd();
            facet.value = span.value();
            facet.accountId = accountId;
            facet.persist();
        }
        indexTags(post, spans);
        return List.copyOf(mentionIds);
    }

    /** Each hashtag of the post once, with the post's time, for the hashtag pages (post_tag, decision 1173). */
    private void indexTags(Post post, List<FacetParser.Span> spans) {
        spans.stream().filter(s -> s.kind() == Facet.Kind.HASHTAG).map(FacetParser.Span::value).distinct()
                .forEach(tag -> em.createNativeQuery("""
                                insert into post_tag (tag, post_id, created_at) values (:tag, :post, :at) on conflict do nothing""")
                        .setParameter("tag", tag).setParameter("post", post.id)
                        .setParameter("at", post.createdAt.atOffset(java.time.ZoneOffset.UTC))
                        .executeUpdate());
    }
}
