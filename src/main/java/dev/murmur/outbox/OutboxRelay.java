package dev.murmur.outbox;

import dev.murmur.common.LoopGuard;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.hibernate.Session;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Publishes outbox rows to Kafka, at least once and in order per key.
 *
 * <p>A pass runs in one transaction. It takes transaction-scoped advisory locks on the lanes no
 * other relay holds ({@code pg_try_advisory_xact_lock}), reads the oldest unpublished rows of
 * those lanes in seq order, sends them, waits for every ack, and marks them published. A key
 * always maps to one lane, so two relays never publish the same key at once, and a key's rows
 * go out in order. If the pass fails, nothing is marked and the rows go out again next time
 * (the consumer dedupes on the event id). See docs/decisions/0101-outbox-relay.md.
 */
@ApplicationScoped
public class OutboxRelay {

    /** Advisory-lock namespace ("outb"), so lane locks never collide with other advisory locks. */
    static final int LOCK_NAMESPACE = 0x6f757462;

    private final EntityManager em;
    private final KafkaProducer<String, String> producer;
    private final OutboxConfig config;
    private final Clock clock;
    private final RelayCheckpoints checkpoints;
    private final LoopGuard guard;
    private final Counter published;
    private volatile Thread loop;

    /** The relay loop's name in LoopGuard's logs, metric and readiness check. */
    public static final String LOOP = "outbox-relay";

    public OutboxRelay(EntityManager em, KafkaProducer<String, String> producer, OutboxConfig config, Clock clock,
                       RelayCheckpoints checkpoints, LoopGuard guard, MeterRegistry metrics) {
        this.em = em;
        this.producer = producer;
        this.config = config;
        this.clock = clock;
        this.checkpoints = checkpoints;
        this.guard = guard;
        // Per process: with several processes relaying (decision 0101), it shows which of them
        // published, e.g. that both API instances of a scaled topology relay (deploy/scale/test.sh).
        this.published = Counter.builder("murmur.outbox.published")
                .description("Outbox events this process published to Kafka (counted after the pass committed)").register(metrics);
    }

    /** Starts this instance's relay loop (unless murmur.outbox.relay-enabled is false). */
    void start(@Observes StartupEvent start) {
        if (config.relayEnabled()) {
            Thread thread = Thread.ofPlatform().name("outbox-relay").daemon().unstarted(this::run);
            loop = thread;
            thread.start();
        }
    }

    void stop(@Observes ShutdownEvent stop) throws InterruptedException {
        Thread running = loop;
        loop = null;
        if (running != null) {
            running.interrupt();
            running.join(TimeUnit.SECONDS.toMillis(5));
        }
    }

    /**
     * The relay loop, on its own thread: drain while passes come back full, then sleep for the
     * poll interval. (The Quarkus scheduler's smallest period is one second, which alone would
     * add up to a second of lag to every event.) A failed pass is retried after a second; LoopGuard
     * logs, counts and reports it.
     */
    private void run() {
        while (loop == Thread.currentThread()) {
            // Any Throwable, not only RuntimeExceptions: an Error here used to end the thread silently.
            long sleep = guard.call(LOOP, () -> publishPass() >= config.batchSize() ? 0 : config.pollInterval().toMillis(),
                    Math.max(1_000, config.pollInterval().toMillis()));
            if (sleep > 0) {
                try {
                    Thread.sleep(sleep);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** One pass; returns how many events it published. */
    public int publishPass() {
        checkpoints.beforePass();
        // Plain JDBC on the transaction's connection: an idle relay polls ten times a second, and
        // its statements should not show up in Hibernate's statistics of the API's own queries.
        int sent = QuarkusTransaction.requiringNew().call(() -> em.unwrap(Session.class).doReturningWork(this::publish));
        published.increment(sent);
        return sent;
    }

    private int publish(Connection c) throws SQLException {
        List<Short> lanes = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(
                "select lane from generate_series(0, ?) lane where pg_try_advisory_xact_lock(?, lane)")) {
            s.setInt(1, Outbox.LANES - 1);
            s.setInt(2, LOCK_NAMESPACE);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    lanes.add(rs.getShort(1));
                }
            }
        }
        if (lanes.isEmpty()) {
            return 0;
        }
        List<Long> seqs = new ArrayList<>();
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        // Each lane's oldest events by an ordered scan of the unpublished index, then the oldest of those:
        // the same rows as "lane = any(...) order by seq", but read by plain index scans, which mark the
        // entries of published (dead) versions as dead as they pass them. PostgreSQL answered the
        // "any" form with a bitmap scan, which never does, so until a vacuum every poll visited every
        // event published since the last one (44,974 entries and 2,965 pages, 43 ms, in the API benchmark).
        try (PreparedStatement s = c.prepareStatement("""
                select e.seq, e.id, e.topic, e.event_key, e.type, e.subject, e.payload, e.occurred_at
                from unnest(?::smallint[]) l (lane)
                cross join lateral (
                    select seq, id, topic, event_key, type, subject, payload, occurred_at from outbox_event
                    where published_at is null and lane = l.lane
                    order by seq limit ?) e
                order by e.seq
                limit ?""")) {
            s.setArray(1, c.createArrayOf("smallint", lanes.toArray()));
            s.setInt(2, config.batchSize());
            s.setInt(3, config.batchSize());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    seqs.add(rs.getLong(1));
                    acks.add(producer.send(toRecord(rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getTimestamp(8).toInstant())));
                }
            }
        }
        if (seqs.isEmpty()) {
            return 0;
        }
        long deadline = System.nanoTime() + config.sendTimeout().toNanos();
        for (Future<RecordMetadata> ack : acks) {
            try {
                ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                // Nothing is marked: the whole pass goes out again.
                throw new IllegalStateException("broker did not acknowledge the outbox pass", e);
            }
        }
        checkpoints.acknowledged();
        try (PreparedStatement s = c.prepareStatement("update outbox_event set published_at = ? where seq = any(?::bigint[])")) {
            s.setTimestamp(1, Timestamp.from(clock.instant()));
            s.setArray(2, c.createArrayOf("bigint", seqs.toArray()));
            s.executeUpdate();
        }
        return seqs.size();
    }

    private ProducerRecord<String, String> toRecord(UUID id, String topic, String key, String type, String subject,
                                                    String payload, Instant occurredAt) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, payload);
        // CloudEvents 1.0, Kafka protocol binding, binary content mode.
        header(record, "ce_specversion", "1.0");
        header(record, "ce_id", id.toString());
        header(record, "ce_source", config.source());
        header(record, "ce_type", type);
        header(record, "ce_subject", subject);
        header(record, "ce_time", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(OffsetDateTime.ofInstant(occurredAt, ZoneOffset.UTC)));
        header(record, "content-type", "application/json");
        return record;
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
    }
}
