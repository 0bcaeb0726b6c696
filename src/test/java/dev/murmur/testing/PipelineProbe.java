package dev.murmur.testing;

import dev.murmur.outbox.Topics;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Looks at the pipeline from outside, for the reliability tests: which events the outbox holds,
 * whether the worker has applied them, what Kafka holds, and the ledger's invariants.
 */
@ApplicationScoped
public class PipelineProbe {

    public static final Duration PATIENCE = Duration.ofSeconds(120);

    /** One record as it sits in Kafka: where, and the CloudEvents id. */
    public record Published(int partition, long offset, String key, UUID id) {
    }

    private final EntityManager em;
    private final String bootstrap;

    public PipelineProbe(EntityManager em, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.em = em;
        this.bootstrap = bootstrap;
    }

    /** The highest outbox seq now (0 if empty): events after it are the ones a test made. */
    public long outboxMark() {
        return tx(() -> ((Number) em.createNativeQuery("select coalesce(max(seq), 0) from outbox_event").getSingleResult()).longValue());
    }

    /** Ids of the engagement events written to the outbox after {@code mark}, in seq order. */
    @SuppressWarnings("unchecked")
    public List<UUID> engagementEventsSince(long mark) {
        return tx(() -> em.createNativeQuery("select id from outbox_event where seq > :m and topic = :t order by seq")
                .setParameter("m", mark).setParameter("t", Topics.ENGAGEMENTS).getResultList());
    }

    /** seq of each given outbox event. */
    @SuppressWarnings("unchecked")
    public Map<UUID, Long> seqs(Collection<UUID> ids) {
        List<Object[]> rows = tx(() -> em.createNativeQuery("select id, seq from outbox_event where id = any(cast(:ids as uuid[]))")
                .setParameter("ids", ids.toArray(UUID[]::new)).getResultList());
        return rows.stream().collect(java.util.stream.Collectors.toMap(r -> (UUID) r[0], r -> ((Number) r[1]).longValue()));
    }

    public long count(String sql, Collection<UUID> ids) {
        return tx(() -> ((Number) em.createNativeQuery(sql).setParameter("ids", ids.toArray(UUID[]::new))
                .getSingleResult()).longValue());
    }

    /** Waits until the payout worker has processed (applied or refused) every one of {@code ids}. */
    public void awaitProcessed(Collection<UUID> ids) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(() ->
                count("select count(*) from processed_event where event_id = any(cast(:ids as uuid[]))", ids) == ids.size());
    }

    /** Waits until the relay has marked every one of {@code ids} published. */
    public void awaitPublished(Collection<UUID> ids) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(() ->
                count("select count(*) from outbox_event where published_at is null and id = any(cast(:ids as uuid[]))", ids) == 0);
    }

    /**
     * Ledger invariants: every entry sums to zero per unit; every credit or reversal is recorded
     * for an event the worker processed, and no event moved credit twice.
     */
    public void assertLedgerInvariants() {
        tx(() -> {
            assertThat(em.createNativeQuery("""
                    select entry_id from journal_posting group by entry_id, unit having sum(amount) <> 0""").getResultList())
                    .as("entries that do not sum to zero per unit").isEmpty();
            assertThat(em.createNativeQuery("""
                    select unit from journal_posting group by unit having sum(amount) <> 0""").getResultList())
                    .as("units whose postings do not sum to zero").isEmpty();
            // An event moves credit through one line at most: the primary key says so, and every line's
            // event was recorded as processed in the same transaction.
            assertThat(((Number) em.createNativeQuery("""
                    select count(*) from journal_credit_line l
                    where not exists (select 1 from processed_event p where p.event_id = l.event_id)""").getSingleResult()).longValue())
                    .as("credits for events the worker never processed").isZero();
            // Each event was applied one way only: a credit line, a refusal or a trend entry, never two of them.
            assertThat(em.createNativeQuery("""
                    select event_id from processed_event group by event_id having count(*) > 1""").getResultList())
                    .as("events recorded twice (as a line, a refusal or a trend entry)").isEmpty();
            // The lines reference their entry and period without foreign keys (decision 0104): both exist
            // and agree.
            assertThat(em.createNativeQuery("""
                    select l.event_id from journal_credit_line l
                    left join journal_entry e on e.id = l.entry_id
                    left join reward_period p on p.id = l.period_id
                    where p.id is null or (l.entry_id is not null and (e.id is null or e.period_id <> l.period_id))""")
                    .getResultList())
                    .as("credit lines whose entry or period is missing or disagrees").isEmpty();
            // The lines explain the entries: per entry and creator, they add up to the creator's posting.
            assertThat(em.createNativeQuery("""
                    with lines as (select entry_id, creator_id as account, sum(amount) as amount
                                   from journal_credit_line group by 1, 2),
                         postings as (select p.entry_id, p.owner_id as account, p.amount from journal_posting p
                                      join journal_entry e on e.id = p.entry_id
                                      where e.kind like 'ENGAGEMENT%' and p.account_kind = 'CREATOR_CREDITS')
                    select coalesce(l.entry_id, p.entry_id) from lines l full join postings p using (entry_id, account)
                    where coalesce(l.amount, 0) <> coalesce(p.amount, 0)""").getResultList())
                    .as("entries whose credit lines do not add up to their postings").isEmpty();
            return null;
        });
    }

    /** Every record of the engagements topic, read from offset 0 with a plain consumer, per partition in offset order. */
    public List<Published> readEngagementsTopic() {
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = c.partitionsFor(Topics.ENGAGEMENTS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = c.endOffsets(partitions);
            List<Published> records = new ArrayList<>();
            while (partitions.stream().anyMatch(tp -> c.position(tp) < ends.get(tp))) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    Header id = r.headers().lastHeader("ce_id");
                    records.add(new Published(r.partition(), r.offset(), r.key(),
                            UUID.fromString(new String(id.value(), StandardCharsets.UTF_8))));
                }
            }
            records.sort(Comparator.comparingInt(Published::partition).thenComparingLong(Published::offset));
            return records;
        }
    }

    private <T> T tx(java.util.concurrent.Callable<T> work) {
        // Awaitility polls on its own thread, outside any request context: use a transaction.
        return QuarkusTransaction.requiringNew().call(work);
    }
}
