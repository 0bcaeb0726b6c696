package dev.murmur.bench.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.murmur.engagement.EngagementEvent;
import dev.murmur.ledger.WorkerLedgerQueries;
import dev.murmur.outbox.Outbox;
import dev.murmur.outbox.Topics;
import dev.murmur.payout.EngagementConsumer;
import dev.murmur.notification.service.NotificationConsumer;
import dev.murmur.notification.service.NotificationHooks;
import dev.murmur.payout.PayoutHooks;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.ChannelRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.Session;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.postgresql.PGConnection;

import java.sql.ResultSet;
import java.sql.Connection;
import java.sql.Statement;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * {@code ./murmur bench pipeline} (issue 3, section 5). Not a test: it asserts nothing about time and
 * runs only with {@code -Dbench=true}:
 *
 * <pre>./mvnw -B test -Dtest=PipelineBenchmark -Dbench=true [-Dbench.events=200000] [-Dbench.rate=5000] [-Dbench.seconds=20]</pre>
 *
 * It runs against the same real services as the tests (a fresh PostgreSQL database, dropped after;
 * an in-process KRaft broker), in one run:
 * <ol>
 *   <li>warm-up: {@code bench.warmup} events (2N by default) are produced and applied by the
 *       worker, unmeasured, so that the measured run sees a compiled worker, as a long-running
 *       one is; then by the notifications consumer, the topic's other consumer in a worker process;
 *       then both channels are paused;</li>
 *   <li>fills {@code murmur.engagements} with N engagement events (both channels are paused meanwhile);</li>
 *   <li>raw baseline: a plain {@link KafkaConsumer} reads the whole topic twice, the second time measured;</li>
 *   <li>worker: the channel is resumed and the real payout worker (SmallRye consumer, reward
 *       policy, ledger) applies the backlog alone; events/s from resume to the commit of the last;</li>
 *   <li>notifications: then the notifications consumer, resumed, applies the same backlog alone;</li>
 *   <li>lag: a steady load of outbox commits (the API's own transaction shape, minus HTTP) at
 *       {@code bench.rate} events/s goes through the real relay, Kafka and the worker; lag is
 *       measured per event from its outbox commit to the commit of the worker's transaction.</li>
 * </ol>
 * The report goes to stdout and {@code target/bench/pipeline.txt}; its last line is the summary.
 */
@QuarkusTest
@TestProfile(PipelineBenchmark.Profile.class)
@Tag("bench")
@EnabledIfSystemProperty(named = "bench", matches = "true")
class PipelineBenchmark {

    /**
     * The worker's channel starts paused, so the backlog is in Kafka before the worker sees any of it;
     * so does the notifications' channel, the other consumer of the engagements in a worker process,
     * which is measured on its own after the payout worker.
     */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "mp.messaging.incoming.engagements.pausable", "true",
                    "mp.messaging.incoming.engagements.pausable.initially-paused", "true",
                    "mp.messaging.incoming.notifications.pausable", "true",
                    "mp.messaging.incoming.notifications.pausable.initially-paused", "true",
                    "quarkus.log.category.\"kafka\".level", "WARN",
                    "quarkus.log.category.\"state.change.logger\".level", "WARN",
                    "quarkus.log.category.\"org.apache.kafka\".level", "WARN");
        }
    }

    private static final int EVENTS = Integer.getInteger("bench.events", 200_000);
    private static final int WARMUP_EVENTS = Integer.getInteger("bench.warmup", 2 * EVENTS);
    private static final int RATE = Integer.getInteger("bench.rate", 5_000);
    private static final int SECONDS = Integer.getInteger("bench.seconds", 20);
    private static final int WARMUP_SECONDS = 3;
    private static final int LOADERS = 4;
    private static final long SEED = Long.getLong("bench.seed", 42L);
    private static final Duration PATIENCE = Duration.ofMinutes(5);

    @Inject
    PayoutHooks hooks;
    @Inject
    NotificationHooks notificationHooks;
    @Inject
    ChannelRegistry channels;
    @Inject
    Outbox outbox;
    @Inject
    ObjectMapper json;
    @Inject
    DataSource dataSource;
    @Inject
    EntityManager em;
    @Inject
    WorkerLedgerQueries ledger;
    @Inject
    MeterRegistry metrics;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private final List<String> report = new ArrayList<>();

    @Test
    void pipeline() throws Exception {
        say("pipeline bench: events=%d warmup=%d rate=%d/s seconds=%d seed=%d", EVENTS, WARMUP_EVENTS, RATE, SECONDS, SEED);
        // 0. warm-up: a worker runs for days, so it is measured after the JIT has compiled its paths
        //    (the first backlog of a fresh JVM spends a core on the compiler threads)
        if (WARMUP_EVENTS > 0) {
            fill(WARMUP_EVENTS, SEED + 2);
            workerOnBacklog(WARMUP_EVENTS, "warm-up");
            channels.getPausable(EngagementConsumer.CHANNEL).pause();
            notificationsOnBacklog(WARMUP_EVENTS, "notifications warm-up");
            channels.getPausable(NotificationConsumer.CHANNEL).pause();
        }

        // 1. fill
        long fillStart = System.nanoTime();
        fill(EVENTS, SEED);
        say("fill: %d events produced in %.2f s", EVENTS, seconds(System.nanoTime() - fillStart));

        // 2. raw baseline: the whole topic, once to warm up and once measured
        rawConsume(WARMUP_EVENTS + EVENTS, "raw warm-up");
        double rawEps = rawConsume(WARMUP_EVENTS + EVENTS, "raw");

        // 3. the worker on the backlog
        double workerEps = workerOnBacklog(EVENTS, "worker");

        // 3b. the database's own ceiling for the same writes
        rawDatabase(EVENTS);

        // 3c. the topic's other consumer in a worker process, on the same backlog, alone; it then
        //     stays on, as in production, for the steady load
        double notifyEps = notificationsOnBacklog(EVENTS, "notifications");

        // 4. steady load through the outbox and relay
        long[] lags = steadyLoadLags();
        Arrays.sort(lags);
        double p50 = percentile(lags, 50) / 1e6;
        double p99 = percentile(lags, 99) / 1e6;
        say("lag: %d events measured after %d s warm-up; p50 %.1f ms, p99 %.1f ms, max %.1f ms",
                lags.length, WARMUP_SECONDS, p50, p99, lags.length == 0 ? 0 : lags[lags.length - 1] / 1e6);

        // Where the worker's batches spent their time, over the whole run (warm-up included).
        metrics.find("murmur.payout.batch.phase").timers().forEach(t -> say("phase %s: %d batches, mean %.1f ms, max %.1f ms",
                t.getId().getTag("phase"), t.count(), t.mean(TimeUnit.MILLISECONDS), t.max(TimeUnit.MILLISECONDS)));
        say("pipeline events=%d worker_eps=%.0f raw_eps=%.0f ratio=%.3f lag_p50_ms=%.1f lag_p99_ms=%.1f notify_eps=%.0f",
                EVENTS, workerEps, rawEps, workerEps / rawEps, p50, p99, notifyEps);
        Path out = Path.of("target", "bench", "pipeline.txt");
        Files.createDirectories(out.getParent());
        Files.write(out, report, StandardCharsets.UTF_8);
    }

    // ---- 1. fill ------------------------------------------------------------------------------

    /**
     * N engagement events, as the relay publishes them (key, CloudEvents headers, JSON payload),
     * over 2,000 creators with 20 posts each and 20,000 readers: 60 % likes, 15 % reposts, 10 %
     * replies, 5 % quotes, and 10 % undos of an earlier engagement.
     */
    private void fill(int n, long seed) throws Exception {
        Random random = new Random(seed);
        Instant readerSince = Instant.now().minus(365, ChronoUnit.DAYS);
        List<EngagementEvent> added = new ArrayList<>();
        long sourcePosts = 1_000_000_000L;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < n; i++) {
                EngagementEvent e;
                int roll = random.nextInt(100);
                if (roll < 10 && !added.isEmpty()) {
                    EngagementEvent was = added.remove(random.nextInt(added.size()));
                    e = EngagementEvent.of(was.kind(), EngagementEvent.Action.REMOVED, was.readerId(), readerSince,
                            was.readerPosts(), was.creatorId(), was.postId(), was.sourcePostId(), Instant.now());
                } else {
                    EngagementEvent.Kind kind = roll < 70 ? EngagementEvent.Kind.LIKE : roll < 85 ? EngagementEvent.Kind.REPOST
                            : roll < 95 ? EngagementEvent.Kind.REPLY : EngagementEvent.Kind.QUOTE;
                    long creator = 1 + random.nextInt(2_000);
                    long post = creator * 100 + random.nextInt(20);
                    long reader = 10_000 + random.nextInt(20_000);
                    Long source = kind == EngagementEvent.Kind.LIKE ? null : sourcePosts++;
                    // One reader in seven has nothing of their own yet (the empty-account rule).
                    e = EngagementEvent.of(kind, EngagementEvent.Action.ADDED, reader, readerSince, reader % 7L, creator, post, source,
                            Instant.now());
                    added.add(e);
                }
                producer.send(record(dev.murmur.outbox.UuidV7.next(java.time.Clock.systemUTC()), e));
            }
            producer.flush();
        }
    }

    private ProducerRecord<String, String> record(UUID id, EngagementEvent e) throws Exception {
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.ENGAGEMENTS, e.key(), json.writeValueAsString(e));
        header(record, "ce_specversion", "1.0");
        header(record, "ce_id", id.toString());
        header(record, "ce_source", "/murmur-bench");
        header(record, "ce_type", e.type());
        header(record, "ce_subject", e.subject());
        header(record, "ce_time", e.occurredAt().toString());
        header(record, "content-type", "application/json");
        return record;
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
    }

    // ---- 2. raw baseline ----------------------------------------------------------------------

    /** A plain consumer reads the whole topic (same deserializers and poll size as the worker). */
    private double rawConsume(int n, String label) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "bench-raw-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.ENGAGEMENTS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long start = System.nanoTime();
            long read = 0;
            long checksum = 0;
            while (read < n) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<String, String> r : records) {
                    checksum += r.value().length(); // touch every record, as the worker does
                }
                read += records.count();
            }
            long elapsed = System.nanoTime() - start;
            double eps = read / seconds(elapsed);
            say("%s: plain KafkaConsumer read %d records (%d chars) in %.2f s: %.0f events/s", label, read, checksum,
                    seconds(elapsed), eps);
            return eps;
        }
    }

    // ---- 3. the worker on the backlog ----------------------------------------------------------

    private double workerOnBacklog(int n, String label) throws InterruptedException {
        return onBacklog(EngagementConsumer.CHANNEL, n, label, hooks::afterCommitOf, hooks::reset);
    }

    private double notificationsOnBacklog(int n, String label) throws InterruptedException {
        return onBacklog(NotificationConsumer.CHANNEL, n, label, notificationHooks::afterCommitOf, notificationHooks::reset);
    }

    /**
     * Resumes a paused consumer channel and times it through the next {@code n} records of its
     * backlog: events/s from the resume to the commit of the batch that completes them.
     */
    private double onBacklog(String channel, int n, String label, Consumer<Consumer<List<ConsumerRecord<String, String>>>> watch,
                             Runnable unwatch) throws InterruptedException {
        AtomicLong done = new AtomicLong();
        AtomicLong lastCommit = new AtomicLong();
        AtomicLong batches = new AtomicLong();
        watch.accept(records -> {
            batches.incrementAndGet();
            done.addAndGet(records.size());
            lastCommit.set(System.nanoTime());
        });
        long start = System.nanoTime();
        channels.getPausable(channel).resume();
        long deadline = start + PATIENCE.toNanos();
        while (done.get() < n) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(channel + " applied only " + done.get() + " of " + n + " events in " + PATIENCE);
            }
            Thread.sleep(20);
        }
        unwatch.run();
        long elapsed = lastCommit.get() - start;
        double eps = done.get() / seconds(elapsed);
        say("%s: applied %d events in %d batches in %.2f s: %.0f events/s", label, done.get(), batches.get(), seconds(elapsed), eps);
        return eps;
    }

    // ---- 3b. raw database ----------------------------------------------------------------------

    /** Lines per transaction in the database baseline: about what the worker applies per partition and batch. */
    private static final int DB_BATCH = 7_000;

    /** One transaction's worth of credit lines: their event ids, and the rows in binary COPY form. */
    private record DbBatch(List<UUID> ids, byte[] rows) {
    }

    /**
     * The database's ceiling for the worker's own statements: N credit lines the worker wrote are
     * read back (in PostgreSQL's binary COPY form, which the worker writes too), then, in batches of
     * {@link #DB_BATCH} lines, one transaction each and one session per partition as the worker has,
     * the worker's dedupe runs for their event ids (the same statements) and the lines are copied
     * into an empty copy of the table (same columns and indexes). No Kafka, no parsing, no policy,
     * and no state lookups: the worker keeps that state in memory (decision 0106). Then the COPY
     * alone, the same way.
     */
    private void rawDatabase(int n) throws Exception {
        List<DbBatch> batches = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("drop table if exists bench_credit_line");
            s.execute("create table bench_credit_line (like journal_credit_line including all)");
            for (int from = 0; from < n; from += DB_BATCH) {
                String slice = "from journal_credit_line order by event_id offset " + from + " limit " + Math.min(DB_BATCH, n - from);
                List<UUID> ids = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("select event_id " + slice)) {
                    while (rs.next()) {
                        ids.add(rs.getObject(1, UUID.class));
                    }
                }
                java.io.ByteArrayOutputStream rows = new java.io.ByteArrayOutputStream();
                c.unwrap(PGConnection.class).getCopyAPI().copyOut("copy (select * " + slice + ") to stdout (format binary)", rows);
                if (!ids.isEmpty()) {
                    batches.add(new DbBatch(ids, rows.toByteArray()));
                }
            }
        }
        int lines = batches.stream().mapToInt(b -> b.ids().size()).sum();
        int sessions;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringDeserializer(), new StringDeserializer())) {
            sessions = consumer.partitionsFor(Topics.ENGAGEMENTS).size();
        }
        List<List<DbBatch>> perSession = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            perSession.add(new ArrayList<>());
        }
        for (int i = 0; i < batches.size(); i++) {
            perSession.get(i % sessions).add(batches.get(i));
        }
        try {
            double withDedupe = timeSessions(perSession, batch -> QuarkusTransaction.requiringNew().run(() -> {
                ledger.recordedEvents(batch.ids(), List.of());
                em.unwrap(Session.class).doWork(c -> {
                    refused(c, batch.ids());
                    copyIn(c, batch);
                });
            }));
            say("raw db, the worker's statements: dedupe and COPY of %d credit lines, %d sessions, %d lines a transaction: %.0f lines/s",
                    lines, sessions, DB_BATCH, withDedupe);
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("truncate bench_credit_line");
            }
            double copyOnly = timeSessions(perSession, batch -> QuarkusTransaction.requiringNew().run(
                    () -> em.unwrap(Session.class).doWork(c -> copyIn(c, batch))));
            say("raw db, COPY only: %d credit lines, %d sessions, %d lines a transaction: %.0f lines/s",
                    lines, sessions, DB_BATCH, copyOnly);
        } finally {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("drop table bench_credit_line");
            }
        }
    }

    /** Lines per second over all sessions, each applying its batches in order. */
    private static double timeSessions(List<List<DbBatch>> perSession, Consumer<DbBatch> apply)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(perSession.size());
        try {
            long start = System.nanoTime();
            List<Future<?>> running = new ArrayList<>();
            long total = 0;
            for (List<DbBatch> batches : perSession) {
                total += batches.stream().mapToLong(b -> b.ids().size()).sum();
                running.add(pool.submit(() -> batches.forEach(apply)));
            }
            for (Future<?> f : running) {
                f.get();
            }
            return total / seconds(System.nanoTime() - start);
        } finally {
            pool.shutdown();
        }
    }

    /** The worker's second dedupe statement (EngagementApplier): which events the policy refused already. */
    private static void refused(Connection c, List<UUID> ids) throws java.sql.SQLException {
        try (java.sql.PreparedStatement s = c.prepareStatement("select event_id from rejected_event where event_id = any(?::uuid[])")) {
            s.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rs.getObject(1, UUID.class);
                }
            }
        }
    }

    private static void copyIn(Connection c, DbBatch batch) throws java.sql.SQLException {
        try {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn("copy bench_credit_line from stdin (format binary)",
                    new java.io.ByteArrayInputStream(batch.rows()));
        } catch (java.io.IOException e) {
            throw new java.sql.SQLException(e);
        }
    }

    // ---- 4. steady load, end-to-end lag ---------------------------------------------------------

    /**
     * Every 10 ms, each of {@link #LOADERS} loaders commits one transaction that appends its share
     * of rate/100 engagement events to the outbox (as a service does in the API request's
     * transaction); the relay publishes them, the worker applies them.
     * Lag per event: from the return of its outbox transaction (committed) to the return of the
     * worker transaction that applied it (committed), both on this JVM's monotonic clock.
     */
    private long[] steadyLoadLags() throws Exception {
        Map<UUID, Long> committedAt = new ConcurrentHashMap<>();
        Map<UUID, Long> appliedAt = new ConcurrentHashMap<>();
        hooks.afterCommitOf(records -> {
            long now = System.nanoTime();
            for (ConsumerRecord<String, String> r : records) {
                Header id = r.headers().lastHeader("ce_id");
                appliedAt.put(UUID.fromString(new String(id.value(), StandardCharsets.UTF_8)), now);
            }
        });
        int perTick = Math.max(1, RATE / 100);
        Instant readerSince = Instant.now().minus(365, ChronoUnit.DAYS);
        long start = System.nanoTime();
        long warmupEnd = start + TimeUnit.SECONDS.toNanos(WARMUP_SECONDS);
        List<UUID> measured = new ArrayList<>();
        AtomicLong sent = new AtomicLong();
        // Several loaders, each with its share of a tick, so that the rate reached is bounded by the
        // machine and not by one thread's commits in a row (on 2 cores both reached 2,900-4,300/s of
        // 5,000: the cores were spent; docs/benchmarks.md, Pipeline).
        ScheduledExecutorService loader = Executors.newScheduledThreadPool(LOADERS);
        try {
            for (int l = 0; l < LOADERS; l++) {
                int share = perTick / LOADERS + (l < perTick % LOADERS ? 1 : 0);
                Random random = new Random(SEED + 1 + l);
                loader.scheduleAtFixedRate(() -> {
                    List<UUID> ids = QuarkusTransaction.requiringNew().call(() -> {
                        List<UUID> appended = new ArrayList<>(share);
                        for (int i = 0; i < share; i++) {
                            long creator = 5_000 + random.nextInt(2_000);
                            EngagementEvent e = EngagementEvent.of(EngagementEvent.Kind.LIKE, EngagementEvent.Action.ADDED,
                                    100_000 + random.nextInt(1_000_000), readerSince, 1L, creator,
                                    creator * 100 + random.nextInt(20), null, Instant.now());
                            appended.add(outbox.append(Topics.ENGAGEMENTS, e.key(), e.type(), e.subject(), e));
                        }
                        return appended;
                    });
                    long now = System.nanoTime();
                    for (UUID id : ids) {
                        committedAt.put(id, now);
                    }
                    sent.addAndGet(ids.size());
                    if (now > warmupEnd) {
                        synchronized (measured) {
                            measured.addAll(ids);
                        }
                    }
                }, 0, 10, TimeUnit.MILLISECONDS);
            }
            Thread.sleep(TimeUnit.SECONDS.toMillis(SECONDS));
        } finally {
            loader.shutdown();
            loader.awaitTermination(1, TimeUnit.MINUTES);
        }
        double offered = sent.get() / seconds(System.nanoTime() - start);
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!appliedAt.keySet().containsAll(committedAt.keySet())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("steady load: not every event reached the ledger in " + PATIENCE);
            }
            Thread.sleep(20);
        }
        hooks.reset();
        say("steady load: %d events through outbox, relay, Kafka and worker at %.0f events/s (target %d/s)",
                sent.get(), offered, RATE);
        synchronized (measured) {
            return measured.stream().mapToLong(id -> appliedAt.get(id) - committedAt.get(id)).toArray();
        }
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static double percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private void say(String format, Object... args) {
        String line = String.format(java.util.Locale.ROOT, format, args);
        report.add(line);
        System.out.println(line);
    }
}
