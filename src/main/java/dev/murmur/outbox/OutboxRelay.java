package dev.murmur.outbox;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
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

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Advisory-lock namespace ("outb"), so lane locks never collide with other advisory locks. */
    private static final int LOCK_NAMESPACE = 0x6f757462;

    private final EntityManager em;
    private final KafkaProducer<String, String> producer;
    private final OutboxConfig config;
    private final Clock clock;

    public OutboxRelay(EntityManager em, KafkaProducer<String, String> producer, OutboxConfig config, Clock clock) {
        this.em = em;
        this.producer = producer;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(every = "${murmur.outbox.poll-interval:0.1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = RelayDisabled.class)
    void tick() {
        try {
            // Drain: keep going while passes come back full.
            while (publishPass() >= config.batchSize()) {
                Thread.onSpinWait();
            }
        } catch (RuntimeException e) {
            LOG.warnf("Outbox relay pass failed, will retry: %s", e.toString());
        }
    }

    /** One pass; returns how many events it published. */
    public int publishPass() {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Number> lanes = em.createNativeQuery("""
                            select lane from generate_series(0, :last) lane
                            where pg_try_advisory_xact_lock(:ns, lane)""")
                    .setParameter("last", Outbox.LANES - 1).setParameter("ns", LOCK_NAMESPACE)
                    .getResultList();
            if (lanes.isEmpty()) {
                return 0;
            }
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("""
                            select seq, id, topic, event_key, type, subject, payload, occurred_at
                            from outbox_event
                            where published_at is null and lane = any(cast(:lanes as smallint[]))
                            order by seq
                            limit :limit""")
                    .setParameter("lanes", lanes.stream().map(Number::shortValue).toArray(Short[]::new))
                    .setParameter("limit", config.batchSize())
                    .getResultList();
            if (rows.isEmpty()) {
                return 0;
            }
            List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
            List<Long> seqs = new ArrayList<>(rows.size());
            for (Object[] row : rows) {
                seqs.add(((Number) row[0]).longValue());
                acks.add(producer.send(toRecord(row)));
            }
            long deadline = System.nanoTime() + config.sendTimeout().toNanos();
            for (Future<RecordMetadata> ack : acks) {
                ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            em.createNativeQuery("update outbox_event set published_at = :now where seq = any(cast(:seqs as bigint[]))")
                    .setParameter("now", clock.instant()).setParameter("seqs", seqs.toArray(Long[]::new))
                    .executeUpdate();
            return rows.size();
        });
    }

    private ProducerRecord<String, String> toRecord(Object[] row) {
        UUID id = (UUID) row[1];
        ProducerRecord<String, String> record = new ProducerRecord<>((String) row[2], (String) row[3], (String) row[6]);
        // CloudEvents 1.0, Kafka protocol binding, binary content mode.
        header(record, "ce_specversion", "1.0");
        header(record, "ce_id", id.toString());
        header(record, "ce_source", config.source());
        header(record, "ce_type", (String) row[4]);
        header(record, "ce_subject", (String) row[5]);
        header(record, "ce_time", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(OffsetDateTime.ofInstant(instant(row[7]), ZoneOffset.UTC)));
        header(record, "content-type", "application/json");
        return record;
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant i) return i;
        if (value instanceof OffsetDateTime o) return o.toInstant();
        return ((Timestamp) value).toInstant();
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
    }

    /** Lets an instance (or a test) run without a relay. */
    @ApplicationScoped
    public static class RelayDisabled implements Scheduled.SkipPredicate {
        private final OutboxConfig config;

        public RelayDisabled(OutboxConfig config) {
            this.config = config;
        }

        @Override
        public boolean test(io.quarkus.scheduler.ScheduledExecution execution) {
            return !config.relayEnabled();
        }
    }
}
