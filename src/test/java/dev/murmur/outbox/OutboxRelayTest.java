package dev.murmur.outbox;

import dev.murmur.account.service.AccountService;
import dev.murmur.common.LoopGuard;
import dev.murmur.like.service.LikeService;
import dev.murmur.ledger.LedgerQueries;
import dev.murmur.ledger.LedgerAccounts;
import dev.murmur.post.service.PostService;
import dev.murmur.testing.Api;
import dev.murmur.testing.PipelineProbe;
import dev.murmur.testing.PipelineProbe.Published;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The outbox relay against the real database and broker: a relay that is down or crashes between
 * the state change and the publish loses nothing, and two relays at once neither duplicate nor
 * reorder a key. State changes go through the real services (LikeService); the relays are the
 * real OutboxRelay class.
 */
@QuarkusTest
class OutboxRelayTest {

    private static final int LIKE = 2; // murmur.reward.weights.like (default)

    @Inject
    OutboxHooks hooks;
    @Inject
    OutboxRelay relay;
    @Inject
    LoopGuard guard;
    @Inject
    OutboxConfig config;
    @Inject
    PipelineProbe probe;
    @Inject
    AccountService accounts;
    @Inject
    PostService posts;
    @Inject
    LikeService likes;
    @Inject
    LedgerQueries ledger;
    @Inject
    EntityManager em;
    @Inject
    Clock clock;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @AfterEach
    void invariantsHold() {
        hooks.reset();
        probe.assertLedgerInvariants();
    }

    @Test
    void shouldLoseNoEventWhenTheRelayIsDownOrCrashesBetweenTheStateChangeAndThePublish() {
        // The app's relay is down: every pass fails before it takes a lane.
        hooks.beforePass(() -> {
            throw new IllegalStateException("injected: relay down");
        });
        long mark = probe.outboxMark();
        World world = world(10, 6, 2);
        world.likeEverything(likes);
        List<UUID> ids = probe.engagementEventsSince(mark);
        assertThat(ids).hasSize(10 * 6 * 2);

        // Committed, not published: the rows wait in the outbox; a pass fails and marks nothing.
        assertThatThrownBy(() -> relay.publishPass()).hasMessageContaining("injected");
        assertThat(probe.count("select count(*) from outbox_event where published_at is null and id = any(cast(:ids as uuid[]))", ids))
                .isEqualTo(ids.size());
        assertThat(probe.count("select count(*) from processed_event where event_id = any(cast(:ids as uuid[]))", ids)).isZero();

        // Back up, and the first pass dies after the broker acknowledged it, before marking its rows.
        AtomicInteger acked = new AtomicInteger();
        hooks.afterAcks(() -> {
            if (acked.incrementAndGet() == 1) {
                throw new IllegalStateException("injected: crash after publish, before marking published");
            }
        });
        hooks.beforePass(() -> { });

        probe.awaitProcessed(ids);
        probe.awaitPublished(ids);
        // Kafka holds some events twice (published at least once)...
        List<Published> mine = probe.readEngagementsTopic().stream().filter(p -> ids.contains(p.id())).toList();
        assertThat(mine.stream().map(Published::id).distinct().count()).isEqualTo(ids.size());
        assertThat(mine.size()).as("the crashed pass was published again").isGreaterThan(ids.size());
        // ...and the ledger counts each exactly once.
        assertThat(probe.count("select count(*) from journal_credit_line where event_id = any(cast(:ids as uuid[]))", ids))
                .isEqualTo(ids.size());
        for (long creator : world.creators) {
            assertThat(ledger.balance(LedgerAccounts.creatorCredits(creator), LedgerAccounts.CREDIT))
                    .isEqualTo(10L * 2 * LIKE);
        }
    }

    @Test
    void shouldPublishWithoutDuplicatesOrReorderingPerKeyWhenTwoRelaysRunAtOnce() throws Exception {
        // Only the two relays of this test publish (the app's own relay is down).
        hooks.beforePass(() -> {
            throw new IllegalStateException("injected: app relay down");
        });
        long mark = probe.outboxMark();
        World world = world(12, 8, 3);
        world.likeEverything(likes);
        world.unlikeSome(likes, 3); // undos: a key's REMOVED must come after its ADDED
        List<UUID> ids = probe.engagementEventsSince(mark);
        Map<UUID, Long> seqs = probe.seqs(ids);

        OutboxConfig smallPasses = smallBatches(config, 7);
        try (KafkaProducer<String, String> producerA = producer("relay-a"); KafkaProducer<String, String> producerB = producer("relay-b")) {
            OutboxHooks hooksA = new OutboxHooks();
            SimpleMeterRegistry metricsA = new SimpleMeterRegistry();
            SimpleMeterRegistry metricsB = new SimpleMeterRegistry();
            OutboxRelay a = new OutboxRelay(em, producerA, smallPasses, clock, hooksA, guard, metricsA);
            OutboxRelay b = new OutboxRelay(em, producerB, smallPasses, clock, new OutboxHooks(), guard, metricsB);

            // While A is mid-pass (its rows sent, not yet marked), B runs a pass: A holds the lanes, B publishes nothing.
            List<Integer> bWhileAHolds = new ArrayList<>();
            hooksA.afterAcks(() -> {
                hooksA.afterAcks(() -> { });
                bWhileAHolds.add(b.publishPass());
            });
            int first = a.publishPass();
            assertThat(first).isEqualTo(7);
            assertThat(bWhileAHolds).containsExactly(0);

            // Then both drain the outbox at once, on two threads.
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<Integer> byA = pool.submit(drain(a, ids));
                Future<Integer> byB = pool.submit(drain(b, ids));
                int total = first + byA.get(2, TimeUnit.MINUTES) + byB.get(2, TimeUnit.MINUTES);
                assertThat(total).isGreaterThanOrEqualTo(ids.size());
                // Each relay's murmur.outbox.published counts what its own committed passes published.
                assertThat(metricsA.get("murmur.outbox.published").counter().count()
                        + metricsB.get("murmur.outbox.published").counter().count()).isEqualTo(total);
            } finally {
                pool.shutdownNow();
            }
        }

        // Kafka, read with a plain consumer: each event once, and per key in outbox (commit) order.
        List<Published> mine = probe.readEngagementsTopic().stream().filter(p -> seqs.containsKey(p.id())).toList();
        assertThat(mine).hasSize(ids.size());
        assertThat(new HashSet<>(mine.stream().map(Published::id).toList())).hasSize(ids.size());
        Map<String, Long> lastSeq = new HashMap<>();
        Map<String, Integer> partitionOf = new HashMap<>();
        for (Published p : mine) { // partition by partition, in offset order
            assertThat(partitionOf.computeIfAbsent(p.key(), k -> p.partition())).as("key %s in one partition", p.key())
                    .isEqualTo(p.partition());
            long seq = seqs.get(p.id());
            assertThat(seq).as("key %s: seq after %s", p.key(), lastSeq.get(p.key())).isGreaterThan(lastSeq.getOrDefault(p.key(), 0L));
            lastSeq.put(p.key(), seq);
        }
        assertThat(lastSeq.keySet()).hasSize(world.creators.size());

        // The worker applies them once.
        probe.awaitProcessed(ids);
        for (long creator : world.creators) {
            assertThat(ledger.balance(LedgerAccounts.creatorCredits(creator), LedgerAccounts.CREDIT))
                    .isEqualTo((12L - 3) * 3 * LIKE);
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** Readers, creators with posts, made through the services. */
    private World world(int readers, int creators, int postsEach) {
        World w = new World();
        for (int i = 0; i < readers; i++) {
            w.readers.add(accounts.register(Api.handle("rr"), "Reader", Api.PASSWORD).id);
        }
        for (int i = 0; i < creators; i++) {
            long creator = accounts.register(Api.handle("rc"), "Creator", Api.PASSWORD).id;
            w.creators.add(creator);
            for (int j = 0; j < postsEach; j++) {
                w.posts.add(posts.create(creator, new PostService.Draft("post " + j, null, null), Optional.empty()).post().id);
            }
        }
        return w;
    }

    private static final class World {
        final List<Long> readers = new ArrayList<>();
        final List<Long> creators = new ArrayList<>();
        final List<Long> posts = new ArrayList<>();

        void likeEverything(LikeService likes) {
            for (long reader : readers) {
                for (long post : posts) {
                    likes.like(reader, post);
                }
            }
        }

        /** The first {@code n} readers take their likes back. */
        void unlikeSome(LikeService likes, int n) {
            for (long reader : readers.subList(0, n)) {
                for (long post : posts) {
                    likes.unlike(reader, post);
                }
            }
        }
    }

    /** Passes until none of {@code ids} is left unpublished; returns how many rows this relay published. */
    private Callable<Integer> drain(OutboxRelay r, List<UUID> ids) {
        return () -> {
            int published = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (probe.count("select count(*) from outbox_event where published_at is null and id = any(cast(:ids as uuid[]))", ids) > 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("outbox not drained");
                }
                published += r.publishPass();
            }
            return published;
        };
    }

    private KafkaProducer<String, String> producer(String clientId) {
        // As KafkaClients builds the app's producer: idempotent, acks=all.
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 2,
                ProducerConfig.CLIENT_ID_CONFIG, clientId),
                new StringSerializer(), new StringSerializer());
    }

    private static OutboxConfig smallBatches(OutboxConfig base, int size) {
        return new OutboxConfig() {
            public boolean relayEnabled() { return true; }
            public Duration pollInterval() { return base.pollInterval(); }
            public int batchSize() { return size; }
            public Duration sendTimeout() { return base.sendTimeout(); }
            public String source() { return base.source(); }
            public int partitions() { return base.partitions(); }
            public Duration retention() { return base.retention(); }
            public String pruneInterval() { return base.pruneInterval(); }
            public int pruneBatch() { return base.pruneBatch(); }
        };
    }
}
