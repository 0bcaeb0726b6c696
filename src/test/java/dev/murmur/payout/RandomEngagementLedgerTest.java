package dev.murmur.payout;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.murmur.account.service.AccountService;
import dev.murmur.engagement.EngagementEvent;
import dev.murmur.engagement.EngagementEvent.Action;
import dev.murmur.engagement.EngagementEvent.Kind;
import dev.murmur.like.service.LikeService;
import dev.murmur.ledger.LedgerQueries;
import dev.murmur.ledger.LedgerAccounts;
import dev.murmur.outbox.Topics;
import dev.murmur.post.service.PostService;
import dev.murmur.problem.ApiException;
import dev.murmur.problem.ProblemType;
import dev.murmur.reward.RewardConfig;
import dev.murmur.testing.Api;
import dev.murmur.testing.PipelineProbe;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 10,000 random engagement operations (likes, unlikes, reposts, unreposts, replies, quotes, deletes
 * of replies, quotes and posts), undos included, by 40 accounts over 8 creators' posts and each
 * other's replies and quotes, through the real services, the outbox, the relay, Kafka and the
 * payout worker. Then the ledger is compared with a plain recomputation written here from
 * docs/rewards.md (self-engagement earns nothing, one per reader, post and kind, undo reverses
 * exactly what was granted, weights, the daily cap per reader and creator).
 *
 * <p>The operations call the services directly instead of the HTTP API: each service call is the
 * same transaction an API request runs (state rows + outbox row), and HTTP would only add
 * authentication and JSON around it while making 10,000 operations several times slower. The API
 * path itself is covered by PayoutPipelineTest.
 *
 * <p>Why the recomputation replays the operations instead of reading only the final tables: under
 * the published policy a credit depends on order. A reader who likes eleven of a creator's posts
 * hits the cap of 20 on the eleventh (which earns nothing); unliking the first gives back 2, but
 * the eleventh still earns nothing. The final tables show ten standing likes worth 20 either way,
 * while the ledger correctly holds 18. So the test checks, in this order:
 * <ol>
 *   <li>the services emitted exactly the events the operations imply (outbox vs the test's log);</li>
 *   <li>the engagement tables hold exactly the engagements the operations leave standing;</li>
 *   <li>every creator's ledger balance equals the replay of those events under the published
 *       policy, and the worker's standing credits equal the replay's;</li>
 *   <li>the recomputation from the final engagement tables alone (per reader, creator and UTC day:
 *       the capped sum of the weights of standing non-self engagements, one per reader, post and
 *       kind) is an upper bound for every creator, and equals the ledger exactly for every creator
 *       whose credits never depended on order (no cap reached, no duplicate reply or quote);</li>
 *   <li>the ledger invariants.</li>
 * </ol>
 */
@QuarkusTest
class RandomEngagementLedgerTest {

    private static final long SEED = Long.getLong("murmur.test.seed", 20_261_122L);
    private static final int OPERATIONS = 10_000;
    private static final int ACCOUNTS = 40;
    private static final int CREATORS = 8;
    private static final int POSTS_EACH = 6;

    @Inject
    AccountService accounts;
    @Inject
    PostService posts;
    @Inject
    LikeService likes;
    @Inject
    LedgerQueries ledger;
    @Inject
    RewardConfig rewards;
    @Inject
    PipelineProbe probe;
    @Inject
    EntityManager em;
    @Inject
    ObjectMapper json;

    /** A post as the test knows it. */
    private record PostInfo(long id, long author, Kind answers, Long target, boolean live) {
        PostInfo deleted() {
            return new PostInfo(id, author, answers, target, false);
        }
    }

    /** An engagement event the operations imply (without its time). */
    private record Expected(Kind kind, Action action, long reader, long creator, long post, Long source) {
    }

    private record Key(long reader, long post, Kind kind) {
    }

    private record Credit(long creator, long amount, Long source, LocalDate day) {
    }

    private final Random random = new Random(SEED);
    private final List<Long> people = new ArrayList<>();
    private final Map<Long, PostInfo> postsById = new java.util.LinkedHashMap<>(); // ordered: the seed alone decides the operations
    private final List<Long> creatorPosts = new ArrayList<>();
    private final List<Long> allPosts = new ArrayList<>();
    private final Set<List<Long>> liked = new LinkedHashSet<>();
    private final Set<List<Long>> reposted = new LinkedHashSet<>();
    private final List<Expected> expected = new ArrayList<>();

    @Test
    void shouldMatchAPlainRecomputationAfterTenThousandRandomOperations() throws Exception {
        for (int i = 0; i < ACCOUNTS; i++) {
            people.add(accounts.register(Api.handle("fz"), "Fuzz " + i, Api.PASSWORD).id);
        }
        for (long creator : people.subList(0, CREATORS)) {
            for (int j = 0; j < POSTS_EACH; j++) {
                creatorPosts.add(newPost(creator, null, null).id());
            }
        }
        long mark = probe.outboxMark();
        int refusedBySer = 0;
        for (int i = 0; i < OPERATIONS; i++) {
            refusedBySer += operate() ? 0 : 1;
        }

        // 1. The services emitted exactly the implied events, in order.
        List<UUID> ids = probe.engagementEventsSince(mark);
        List<EngagementEvent> events = outboxEvents(mark);
        assertThat(events.stream().map(e -> new Expected(e.kind(), e.action(), e.readerId(), e.creatorId(), e.postId(),
                e.sourcePostId())).toList()).containsExactlyElementsOf(expected);
        assertThat(events).hasSizeGreaterThan(OPERATIONS / 2);

        // 2. The engagement tables hold exactly what the operations leave standing.
        assertThat(standingInTables()).isEqualTo(standingByLog());

        // 3. The ledger equals the replay under the published policy.
        probe.awaitProcessed(ids);
        Replay replay = new Replay(rewards);
        events.forEach(replay::apply);
        Set<Long> creators = new HashSet<>(people);
        for (long creator : creators) {
            assertThat(ledger.balance(LedgerAccounts.creatorCredits(creator), LedgerAccounts.CREDIT))
                    .as("credits of creator %d", creator).isEqualTo(replay.balance.getOrDefault(creator, 0L));
        }
        assertThat(workerStandingCredits()).isEqualTo(replay.standingAmounts());

        // 4. The recomputation from the final tables alone bounds the ledger, and equals it where order did not matter.
        Map<Long, Long> fromTables = recomputeFromTables();
        int exact = 0;
        for (long creator : creators) {
            long balance = ledger.balance(LedgerAccounts.creatorCredits(creator), LedgerAccounts.CREDIT);
            long recomputed = fromTables.getOrDefault(creator, 0L);
            if (replay.orderDependent.contains(creator)) {
                assertThat(balance).as("creator %d (order-dependent)", creator).isLessThanOrEqualTo(recomputed);
            } else {
                assertThat(balance).as("creator %d", creator).isEqualTo(recomputed);
                exact++;
            }
        }
        // The run exercised what it claims to: caps, undos, self-engagement, and some exact comparisons.
        assertThat(replay.rules).containsKeys("weight", "daily-cap", "undo", "self-engagement", "duplicate", "nothing-to-undo");
        assertThat(exact).isPositive();
        assertThat(replay.orderDependent).isNotEmpty();
        System.out.printf("random engagement: %d operations (%d refused by the services), %d events, rules %s, "
                        + "%d creators compared exactly with the tables, %d order-dependent%n",
                OPERATIONS, refusedBySer, events.size(), replay.rules, exact, replay.orderDependent.size());

        // 5. Invariants.
        probe.assertLedgerInvariants();
    }

    // ---- the operations -------------------------------------------------------------------------

    /** One random operation; false if the service refused it (a deleted post), as the log predicted. */
    private boolean operate() {
        long actor = people.get(random.nextInt(people.size()));
        int roll = random.nextInt(100);
        try {
            if (roll < 28) {
                PostInfo p = anyTarget();
                likes.like(actor, p.id());
                if (liked.add(List.of(actor, p.id()))) {
                    expect(Kind.LIKE, Action.ADDED, actor, p, null);
                }
            } else if (roll < 40) {
                PostInfo p = mine(liked, actor).orElseGet(this::anyTarget);
                likes.unlike(actor, p.id());
                if (liked.remove(List.of(actor, p.id()))) {
                    expect(Kind.LIKE, Action.REMOVED, actor, p, null);
                }
            } else if (roll < 54) {
                PostInfo p = anyTarget();
                long repostId = posts.repost(actor, p.id());
                assertThat(repostId).isEqualTo(p.id());
                if (reposted.add(List.of(actor, p.id()))) {
                    expect(Kind.REPOST, Action.ADDED, actor, p, Long.MIN_VALUE); // source: the repost row, read back below
                }
            } else if (roll < 62) {
                PostInfo p = mine(reposted, actor).orElseGet(this::anyTarget);
                posts.unrepost(actor, p.id());
                if (reposted.remove(List.of(actor, p.id()))) {
                    expect(Kind.REPOST, Action.REMOVED, actor, p, null);
                }
            } else if (roll < 74) {
                PostInfo parent = anyTarget();
                PostInfo reply = newPost(actor, parent, Kind.REPLY);
                expect(Kind.REPLY, Action.ADDED, actor, parent, reply.id());
            } else if (roll < 83) {
                PostInfo quoted = anyTarget();
                PostInfo quote = newPost(actor, quoted, Kind.QUOTE);
                expect(Kind.QUOTE, Action.ADDED, actor, quoted, quote.id());
            } else if (roll < 95) {
                List<PostInfo> answers = postsById.values().stream()
                        .filter(p -> p.author() == actor && p.live() && p.answers() != null).toList();
                if (answers.isEmpty()) {
                    return true;
                }
                PostInfo answer = answers.get(random.nextInt(answers.size()));
                posts.delete(actor, answer.id());
                postsById.put(answer.id(), answer.deleted());
                expect(answer.answers(), Action.REMOVED, actor, postsById.get(answer.target()), answer.id());
            } else if (roll < 96) {
                List<PostInfo> own = postsById.values().stream()
                        .filter(p -> p.author() == actor && p.live() && p.answers() == null).toList();
                if (!own.isEmpty()) {
                    PostInfo gone = own.get(random.nextInt(own.size()));
                    posts.delete(actor, gone.id()); // no credit moves: only moderation reverses (docs/rewards.md)
                    postsById.put(gone.id(), gone.deleted());
                }
            } else {
                creatorPosts.add(newPost(people.get(random.nextInt(CREATORS)), null, null).id());
            }
            return true;
        } catch (ApiException e) {
            // The only refusal the operations can meet: engaging with a deleted post. Nothing is emitted.
            assertThat(e.type()).isEqualTo(ProblemType.POST_DELETED);
            return false;
        }
    }

    /** A post to engage with: mostly the creators' posts, sometimes anyone's reply or quote; may be deleted. */
    private PostInfo anyTarget() {
        List<Long> from = random.nextInt(100) < 75 ? creatorPosts : allPosts;
        return postsById.get(from.get(random.nextInt(from.size())));
    }

    /** Mostly one of the actor's own likes or reposts, to undo. */
    private Optional<PostInfo> mine(Set<List<Long>> engagements, long actor) {
        if (random.nextInt(100) >= 80) {
            return Optional.empty();
        }
        List<Long> own = engagements.stream().filter(k -> k.get(0) == actor).map(k -> k.get(1)).toList();
        return own.isEmpty() ? Optional.empty() : Optional.of(postsById.get(own.get(random.nextInt(own.size()))));
    }

    private PostInfo newPost(long author, PostInfo target, Kind answers) {
        Long replyTo = answers == Kind.REPLY ? target.id() : null;
        Long quoteOf = answers == Kind.QUOTE ? target.id() : null;
        long id = posts.create(author, new PostService.Draft("fuzz " + random.nextInt(1_000_000), replyTo, quoteOf),
                Optional.empty()).post().id;
        PostInfo info = new PostInfo(id, author, answers, target == null ? null : target.id(), true);
        postsById.put(id, info);
        allPosts.add(id);
        return info;
    }

    private void expect(Kind kind, Action action, long reader, PostInfo target, Long source) {
        expected.add(new Expected(kind, action, reader, target.author(), target.id(), source));
    }

    // ---- reading the database -------------------------------------------------------------------

    private List<EngagementEvent> outboxEvents(long mark) throws Exception {
        @SuppressWarnings("unchecked")
        List<String> payloads = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                        "select payload from outbox_event where seq > :m and topic = :t order by seq")
                .setParameter("m", mark).setParameter("t", Topics.ENGAGEMENTS).getResultList());
        List<EngagementEvent> events = new ArrayList<>();
        for (String payload : payloads) {
            events.add(json.readValue(payload, EngagementEvent.class));
        }
        // A REPOST ADDED carries the new repost row as its source, which the operations did not see: take it as is.
        for (int i = 0; i < Math.min(events.size(), expected.size()); i++) {
            Expected x = expected.get(i);
            if (x.kind() == Kind.REPOST && x.action() == Action.ADDED && Objects.equals(x.source(), Long.MIN_VALUE)) {
                expected.set(i, new Expected(x.kind(), x.action(), x.reader(), x.creator(), x.post(), events.get(i).sourcePostId()));
            }
        }
        return events;
    }

    /** (reader, post, kind, source) of every standing engagement the log predicts (source null for likes and reposts). */
    private Set<List<Object>> standingByLog() {
        Set<List<Object>> standing = new HashSet<>();
        liked.forEach(k -> standing.add(java.util.Arrays.asList(k.get(0), k.get(1), "LIKE", null)));
        reposted.forEach(k -> standing.add(java.util.Arrays.asList(k.get(0), k.get(1), "REPOST", null)));
        postsById.values().stream().filter(p -> p.live() && p.answers() != null)
                .forEach(p -> standing.add(java.util.Arrays.asList(p.author(), p.target(), p.answers().name(), p.id())));
        return standing;
    }

    private Set<List<Object>> standingInTables() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                        select l.account_id, l.post_id, 'LIKE', cast(null as bigint) from post_like l where l.account_id = any(cast(:people as bigint[]))
                        union all
                        select r.author_id, r.repost_of_id, 'REPOST', cast(null as bigint) from post r
                        where r.kind = 'REPOST' and r.deleted_at is null and r.author_id = any(cast(:people as bigint[]))
                        union all
                        select r.author_id, coalesce(r.reply_parent_id, r.quote_of_id), r.kind, r.id from post r
                        where r.kind in ('REPLY', 'QUOTE') and r.deleted_at is null and r.author_id = any(cast(:people as bigint[]))""")
                .setParameter("people", people.toArray(Long[]::new)).getResultList());
        Set<List<Object>> standing = new HashSet<>();
        for (Object[] r : rows) {
            standing.add(java.util.Arrays.asList(((Number) r[0]).longValue(), ((Number) r[1]).longValue(), r[2],
                    r[3] == null ? null : ((Number) r[3]).longValue()));
        }
        return standing;
    }

    /** The worker's standing credits (its policy projection) for these accounts: (reader, post, kind) -> amount. */
    private Map<List<Object>, Long> workerStandingCredits() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                        select reader_id, post_id, kind, amount from engagement_credit where creator_id = any(cast(:people as bigint[]))""")
                .setParameter("people", people.toArray(Long[]::new)).getResultList());
        Map<List<Object>, Long> credits = new HashMap<>();
        for (Object[] r : rows) {
            credits.put(List.of(((Number) r[0]).longValue(), ((Number) r[1]).longValue(), r[2]), ((Number) r[3]).longValue());
        }
        return credits;
    }

    /**
     * From the final engagement tables alone: per reader, creator and UTC day, the weights of the
     * standing non-self engagements (one per reader, post and kind, dated by the earliest), capped;
     * summed per creator.
     */
    private Map<Long, Long> recomputeFromTables() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                        with engagement(reader, post, kind, at) as (
                            select l.account_id, l.post_id, 'LIKE', l.created_at from post_like l
                            union all
                            select r.author_id, r.repost_of_id, 'REPOST', r.created_at from post r
                            where r.kind = 'REPOST' and r.deleted_at is null
                            union all
                            select r.author_id, coalesce(r.reply_parent_id, r.quote_of_id), r.kind, r.created_at from post r
                            where r.kind in ('REPLY', 'QUOTE') and r.deleted_at is null),
                        one as (
                            select e.reader, e.post, e.kind, p.author_id as creator, min(e.at) as at
                            from engagement e join post p on p.id = e.post
                            where p.author_id = any(cast(:people as bigint[])) and e.reader <> p.author_id
                            group by 1, 2, 3, 4),
                        daily as (
                            select creator, reader, (at at time zone 'UTC')::date,
                                   least(:cap, sum(case kind when 'LIKE' then :like when 'REPOST' then :repost
                                                             when 'REPLY' then :reply else :quote end)) as credits
                            from one group by 1, 2, 3)
                        select creator, sum(credits) from daily group by creator""")
                .setParameter("people", people.toArray(Long[]::new)).setParameter("cap", rewards.dailyCap())
                .setParameter("like", rewards.weights().like()).setParameter("repost", rewards.weights().repost())
                .setParameter("reply", rewards.weights().reply()).setParameter("quote", rewards.weights().quote())
                .getResultList());
        Map<Long, Long> byCreator = new HashMap<>();
        for (Object[] r : rows) {
            byCreator.put(((Number) r[0]).longValue(), ((Number) r[1]).longValue());
        }
        return byCreator;
    }

    // ---- the plain recomputation -----------------------------------------------------------------

    /**
     * docs/rewards.md, written out again without the production code. (The new-account rule is
     * off in tests: murmur.reward.new-account-age is 0 in the test profile; RewardPolicyTest covers it.)
     */
    private static final class Replay {
        final Map<Kind, Long> weights = new EnumMap<>(Kind.class);
        final long cap;
        final Map<Key, Credit> standing = new HashMap<>();
        final Map<List<Object>, Long> usage = new HashMap<>();
        final Map<Long, Long> balance = new HashMap<>();
        final Map<String, Integer> rules = new HashMap<>();
        /** Creators some of whose credits depended on order: a cap was reached, or a duplicate refused. */
        final Set<Long> orderDependent = new HashSet<>();

        Replay(RewardConfig config) {
            weights.put(Kind.LIKE, config.weights().like());
            weights.put(Kind.REPOST, config.weights().repost());
            weights.put(Kind.REPLY, config.weights().reply());
            weights.put(Kind.QUOTE, config.weights().quote());
            cap = config.dailyCap();
        }

        void apply(EngagementEvent e) {
            Key key = new Key(e.readerId(), e.postId(), e.kind());
            if (e.readerId() == e.creatorId()) {
                count("self-engagement");
                return;
            }
            Credit held = standing.get(key);
            if (e.action() == Action.REMOVED) {
                boolean sameSource = e.kind() == Kind.LIKE || e.kind() == Kind.REPOST
                        || (held != null && Objects.equals(held.source(), e.sourcePostId()));
                if (held == null || !sameSource) {
                    count("nothing-to-undo");
                    return;
                }
                standing.remove(key);
                usage.merge(List.of(e.readerId(), held.creator(), held.day()), -held.amount(), Long::sum);
                balance.merge(held.creator(), -held.amount(), Long::sum);
                count("undo");
                return;
            }
            if (held != null) {
                count("duplicate");
                orderDependent.add(e.creatorId());
                return;
            }
            LocalDate day = LocalDate.ofInstant(e.occurredAt(), ZoneOffset.UTC);
            List<Object> today = List.of(e.readerId(), e.creatorId(), day);
            long left = cap - usage.getOrDefault(today, 0L);
            long amount = Math.min(weights.get(e.kind()), left);
            if (amount < weights.get(e.kind())) {
                orderDependent.add(e.creatorId());
            }
            if (amount <= 0) {
                count("daily-cap");
                return;
            }
            count(amount < weights.get(e.kind()) ? "daily-cap" : "weight");
            standing.put(key, new Credit(e.creatorId(), amount, e.sourcePostId(), day));
            usage.merge(today, amount, Long::sum);
            balance.merge(e.creatorId(), amount, Long::sum);
        }

        Map<List<Object>, Long> standingAmounts() {
            Map<List<Object>, Long> amounts = new HashMap<>();
            standing.forEach((k, c) -> amounts.put(List.of(k.reader(), k.post(), k.kind().name()), c.amount()));
            return amounts;
        }

        private void count(String rule) {
            rules.merge(rule, 1, Integer::sum);
        }
    }
}
