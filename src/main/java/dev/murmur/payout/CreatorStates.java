package dev.murmur.payout;

import dev.murmur.common.SqlArrays;
import dev.murmur.ledger.PolicyLine;
import dev.murmur.ledger.WorkerLedgerQueries;
import dev.murmur.moderation.ModerationEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.apache.kafka.common.TopicPartition;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * The payout worker's reward-policy state, kept in memory for the partitions this process applies
 * (docs/decisions/0106-worker-state-in-memory.md). Events are keyed by creator, so a creator's
 * state belongs to one partition, and one applier at a time applies a partition.
 *
 * <p>The credit lines stay the truth; this is a copy that must never be stale. Three rules keep it
 * exact:
 * <ul>
 *   <li>Every applying transaction bumps its partitions' version rows ({@code payout_partition}),
 *       which also serialises appliers of one partition, across processes. If the version found is
 *       not the one this process committed last, another process applied the partition meanwhile:
 *       everything cached for it is dropped and loaded again from the lines.</li>
 *   <li>The applier updates the state as it decides; if its transaction does not commit, every
 *       partition it touched is dropped.</li>
 *   <li>A creator met on another partition than the one it is cached under (the topic gained
 *       partitions) is loaded again and dropped from the other.</li>
 * </ul>
 * Each partition keeps at most {@code murmur.worker.cached-creators} creators, least recently used
 * out first; a creator evicted is loaded again from its lines when next met.
 */
@ApplicationScoped
public class CreatorStates {

    /**
     * One partition's cache: its creators, and the version this process last committed. One
     * transaction of this process at a time holds it ({@code inUse}), from {@link #lock} until the
     * transaction has completed and the cache has been updated or dropped accordingly: the database
     * row alone would let the next transaction in as soon as a rollback released it, before the
     * rolled-back state was dropped.
     */
    private static final class PartitionCache {
        final Map<Long, CreatorState> creators;
        final Semaphore inUse = new Semaphore(1);
        volatile Long committedVersion;

        PartitionCache(int capacity) {
            this.creators = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Long, CreatorState> eldest) {
                    return size() > capacity;
                }
            });
        }

        void drop() {
            creators.clear();
            committedVersion = null;
        }
    }

    private final WorkerLedgerQueries ledger;
    private final EntityManager em;
    private final TransactionSynchronizationRegistry transactions;
    private final int capacity;
    private final Map<TopicPartition, PartitionCache> partitions = new ConcurrentHashMap<>();

    public CreatorStates(WorkerLedgerQueries ledger, EntityManager em, TransactionSynchronizationRegistry transactions, WorkerConfig config) {
        this.ledger = ledger;
        this.em = em;
        this.transactions = transactions;
        this.capacity = config.cachedCreators();
    }

    /**
     * Takes the partitions for this transaction: waits for any other applier of them to commit,
     * bumps their versions and drops what another process made stale. Partitions are locked in
     * order, so two appliers never deadlock. Once per transaction: a second call in the same
     * transaction would wait for the first to complete.
     */
    void lock(Connection c, SortedSet<TopicPartition> sorted) throws SQLException {
        Map<TopicPartition, Long> versions = new HashMap<>();
        List<PartitionCache> held = new ArrayList<>();
        // Registered before anything can fail, so that what is held is always released.
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    versions.forEach((key, version) -> cache(key).committedVersion = version);
                } else {
                    held.forEach(PartitionCache::drop);
                }
                held.forEach(cache -> cache.inUse.release());
            }
        });
        for (TopicPartition partition : sorted) {
            PartitionCache cache = cache(partition);
            cache.inUse.acquireUninterruptibly();
            held.add(cache);
        }
        try (PreparedStatement s = c.prepareStatement("""
                insert into payout_partition (topic, partition, version)
                select topic, partition, 1 from unnest(?::varchar[], ?::int[]) with ordinality as t(topic, partition, n)
                order by n
                on conflict (topic, partition) do update set version = payout_partition.version + 1
                returning topic, partition, version""")) {
            s.setArray(1, c.createArrayOf("varchar", sorted.stream().map(TopicPartition::topic).toArray()));
            s.setArray(2, c.createArrayOf("int", sorted.stream().map(TopicPartition::partition).toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    versions.put(new TopicPartition(rs.getString(1), rs.getInt(2)), rs.getLong(3));
                }
            }
        }
        versions.forEach((key, version) -> {
            PartitionCache cache = cache(key);
            if (cache.committedVersion == null || cache.committedVersion + 1 != version) {
                cache.drop();
            }
        });
    }

    /**
     * The state of each creator, by the partition its events came from ({@link #lock}ed in this
     * transaction); creators not cached are loaded from their lines with one query.
     */
    Map<Long, CreatorState> of(Map<Long, TopicPartition> partitionOfCreator) {
        Map<Long, CreatorState> states = new HashMap<>();
        Map<Long, PartitionCache> missing = new HashMap<>();
        partitionOfCreator.forEach((creator, partition) -> {
            PartitionCache cache = cache(partition);
            CreatorState state = cache.creators.get(creator);
            if (state != null) {
                states.put(creator, state);
            } else {
                missing.put(creator, cache);
            }
        });
        if (missing.isEmpty()) {
            return states;
        }
        // Cached under another partition (the topic gained partitions): stale.
        partitions.values().forEach(cache -> cache.creators.keySet().removeAll(missing.keySet()));
        Map<Long, List<PolicyLine>> lines = new HashMap<>();
        for (PolicyLine line : ledger.policyLines(missing.keySet())) {
            lines.computeIfAbsent(line.creatorId(), c -> new ArrayList<>()).add(line);
        }
        Set<Long> suspended = suspendedAmong(missing.keySet());
        missing.forEach((creator, cache) -> {
            CreatorState state = CreatorState.of(creator, lines.getOrDefault(creator, List.of()), suspended.contains(creator));
            cache.creators.put(creator, state);
            states.put(creator, state);
        });
        return states;
    }

    /** The creators among {@code creators} whose last suspension or reinstatement the worker applied was a suspension. */
    private Set<Long> suspendedAmong(Collection<Long> creators) {
        @SuppressWarnings("unchecked")
        List<Number> rows = em.createNativeQuery("""
                        select creator_id from (
                          select distinct on (creator_id) creator_id, type from payout_moderation
                          where creator_id = any(cast(:creators as bigint[])) and type in (:suspended, :reinstated)
                          order by creator_id, seq desc) last
                        where type = :suspended""")
                .setParameter("creators", SqlArrays.bigints(creators))
                .setParameter("suspended", ModerationEvent.ACCOUNT_SUSPENDED)
                .setParameter("reinstated", ModerationEvent.ACCOUNT_REINSTATED)
                .getResultList();
        Set<Long> found = new HashSet<>();
        rows.forEach(r -> found.add(r.longValue()));
        return found;
    }

    private PartitionCache cache(TopicPartition key) {
        return partitions.computeIfAbsent(key, k -> new PartitionCache(capacity));
    }
}
