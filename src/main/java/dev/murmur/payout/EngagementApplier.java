package dev.murmur.payout;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.murmur.engagement.EngagementEvent;
import dev.murmur.ledger.JournalEntry;
import dev.murmur.ledger.Ledger;
import dev.murmur.ledger.LedgerAccounts;
import dev.murmur.reward.RewardPolicy;
import dev.murmur.settlement.period.Period;
import dev.murmur.settlement.period.PeriodService;
import dev.murmur.trend.TrendCreditEvent;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.hibernate.Session;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Applies a batch of engagement events in one transaction: dedupe on the event id, let the reward
 * policy decide each event in order, then write everything set-based (a handful of statements per
 * batch, whatever its size): the policy's state, the refusals, and the credits, which the ledger
 * records as one entry per batch (each creator's net amount) plus one reason line per event.
 */
@ApplicationScoped
public class EngagementApplier {

    private static final org.jboss.logging.Logger PROFILE = org.jboss.logging.Logger.getLogger(EngagementApplier.class.getName() + ".profile");

    public record Result(int applied, int duplicates, int rejected) {
    }

    /** One record, read: {@code from} is the partition it came from, which owns its creator's state. */
    private record Parsed(UUID id, String type, TopicPartition from, EngagementEvent event, TrendCreditEvent trend, String error) {
        Parsed(UUID id, String type, TopicPartition from, EngagementEvent event, String error) {
            this(id, type, from, event, null, error);
        }
    }

    private record Refusal(UUID id, String type, String rule, String detail, Long creator, Long reader, Long post) {
    }

    private final EntityManager em;
    private final RewardPolicy policy;
    private final Ledger ledger;
    private final PeriodService periods;
    private final CreatorStates states;
    private final PayoutHooks hooks;
    private final Clock clock;
    private final MeterRegistry metrics;
    /**
     * Tolerant readers: a newer producer may add fields this worker does not know yet. Built once,
     * so that parsing a record does not resolve the type again.
     */
    private final ObjectReader engagementReader;
    private final ObjectReader trendReader;

    public EngagementApplier(EntityManager em, RewardPolicy policy, Ledger ledger, PeriodService periods, CreatorStates states,
                             PayoutHooks hooks, Clock clock, MeterRegistry metrics, ObjectMapper json) {
        this.em = em;
        this.policy = policy;
        this.ledger = ledger;
        this.periods = periods;
        this.states = states;
        this.hooks = hooks;
        this.clock = clock;
        this.metrics = metrics;
        ObjectReader tolerant = json.reader().without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.engagementReader = tolerant.forType(EngagementEvent.class);
        this.trendReader = tolerant.forType(TrendCreditEvent.class);
    }

    /** The fresh events of a batch, sorted by what applying them means. */
    private record Sorted(List<EngagementEvent> events, List<UUID> eventIds, Map<Long, TopicPartition> creators,
                          List<Refusal> refusals, List<JournalEntry> trendEntries) {
    }

    @Transactional
    public Result apply(List<ConsumerRecord<String, String>> records) {
        long t0 = System.nanoTime();
        Instant now = clock.instant();
        Map<UUID, Parsed> batch = parseAll(records);
        Session session = em.unwrap(Session.class);
        long t1 = System.nanoTime();
        // One applier at a time per partition (a rebalance can hand the same records to two
        // workers): the second waits here until the first committed, then sees its rows.
        session.doWork(c -> states.lock(c, partitionsOf(records)));
        Set<UUID> fresh = notAppliedYet(session, batch);
        long t2 = System.nanoTime();
        if (fresh.isEmpty()) {
            return new Result(0, records.size(), 0);
        }
        Period period = periods.lockOpenForCredit();
        Sorted sorted = sort(batch, fresh, period);
        Map<Long, CreatorState> creators = states.of(sorted.creators());
        long t3 = System.nanoTime();
        List<Ledger.CreditLine> credits = decide(sorted, creators);
        long t4 = System.nanoTime();

        session.doWork(c -> writeRefusals(c, sorted.refusals(), now));
        ledger.recordCredits(period.id(), credits);
        ledger.record(sorted.trendEntries());
        long t5 = System.nanoTime();
        hooks.runAfterWrite();
        if (PROFILE.isDebugEnabled()) {
            PROFILE.debugf("batch of %d: parse %d ms, lock and dedupe %d, state %d, policy %d, writes %d",
                    records.size(), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000,
                    (t4 - t3) / 1_000_000, (t5 - t4) / 1_000_000);
        }
        int applied = credits.size() + sorted.trendEntries().size();
        metrics.counter("murmur.payout.events", "outcome", "applied").increment(applied);
        metrics.counter("murmur.payout.events", "outcome", "rejected").increment(sorted.refusals().size());
        return new Result(applied, records.size() - fresh.size(), sorted.refusals().size());
    }

    private static SortedSet<TopicPartition> partitionsOf(List<ConsumerRecord<String, String>> records) {
        // Always in the same order: two appliers never deadlock.
        SortedSet<TopicPartition> partitions = new TreeSet<>(Comparator.comparing(TopicPartition::topic)
                .thenComparingInt(TopicPartition::partition));
        for (ConsumerRecord<String, String> r : records) {
            partitions.add(new TopicPartition(r.topic(), r.partition()));
        }
        return partitions;
    }

    /** The batch by event id, in record order; a record repeated within the batch counts once. */
    private Map<UUID, Parsed> parseAll(List<ConsumerRecord<String, String>> records) {
        Map<UUID, Parsed> batch = new LinkedHashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            Parsed parsed = parse(record);
            batch.putIfAbsent(parsed.id(), parsed);
        }
        return batch;
    }

    /**
     * The events of the batch not applied before. Applied before means: a credit line
     * (engagements) or a journal entry (trend credits), or a refusal.
     */
    private Set<UUID> notAppliedYet(Session session, Map<UUID, Parsed> batch) {
        List<UUID> lineIds = new ArrayList<>();
        List<UUID> entryIds = new ArrayList<>();
        for (Parsed p : batch.values()) {
            (p.trend() != null ? entryIds : lineIds).add(p.id());
        }
        Set<UUID> fresh = new LinkedHashSet<>(batch.keySet());
        fresh.removeAll(ledger.recordedEvents(lineIds, entryIds));
        fresh.removeAll(session.doReturningWork(c -> refused(c, batch.keySet())));
        return fresh;
    }

    private static Sorted sort(Map<UUID, Parsed> batch, Set<UUID> fresh, Period period) {
        Sorted sorted = new Sorted(new ArrayList<>(), new ArrayList<>(), new HashMap<>(), new ArrayList<>(), new ArrayList<>());
        for (Parsed p : batch.values()) {
            if (!fresh.contains(p.id())) {
                continue;
            }
            if (p.trend() != null) {
                sorted.trendEntries().add(trendEntry(p.id(), p.trend(), period));
            } else if (p.event() == null) {
                sorted.refusals().add(new Refusal(p.id(), String.valueOf(p.type()), "malformed", p.error(), null, null, null));
            } else {
                sorted.events().add(p.event());
                sorted.eventIds().add(p.id());
                sorted.creators().put(p.event().creatorId(), p.from());
            }
        }
        return sorted;
    }

    /**
     * Lets the policy decide each engagement event in order, against its creator's state, which it
     * updates as it goes. Returns the credit lines to record; the refusals go to
     * {@code sorted.refusals()}.
     */
    private List<Ledger.CreditLine> decide(Sorted sorted, Map<Long, CreatorState> creators) {
        List<EngagementEvent> events = sorted.events();
        List<Ledger.CreditLine> credits = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            EngagementEvent e = events.get(i);
            UUID id = sorted.eventIds().get(i);
            CreatorState creator = creators.get(e.creatorId());
            CreatorState.EngagementKey key = key(e);
            CreatorState.Credit current = creator.standing(key);
            RewardPolicy.Decision decision = policy.decide(e,
                    Optional.ofNullable(current).map(c -> new RewardPolicy.Standing(c.amount(), c.sourcePostId(), c.day())),
                    creator.given(e.readerId(), RewardPolicy.day(e)));
            switch (decision) {
                case RewardPolicy.Grant g -> {
                    creator.granted(key, new CreatorState.Credit(id, g.amount(), e.sourcePostId(), g.day()));
                    credits.add(line(id, e, g.amount(), g.rule(), null, g.day()));
                }
                case RewardPolicy.Reverse r -> {
                    creator.reversed(key, current);
                    credits.add(line(id, e, -r.amount(), r.rule(), current.eventId(), current.day()));
                }
                case RewardPolicy.Reject r -> sorted.refusals().add(new Refusal(id, e.type(), r.rule(), r.detail(),
                        e.creatorId(), e.readerId(), e.postId()));
            }
        }
        return credits;
    }

    private static CreatorState.EngagementKey key(EngagementEvent e) {
        return new CreatorState.EngagementKey(e.readerId(), e.postId(), e.kind().name());
    }

    /** The credit (or reversal) and its reason: the event, the rule, the post, who engaged. */
    private static Ledger.CreditLine line(UUID eventId, EngagementEvent e, long amount, String rule, UUID reverses, LocalDate day) {
        return new Ledger.CreditLine(eventId, e.creatorId(), e.postId(), e.readerId(), e.sourcePostId(), amount, rule,
                e.type(), reverses, e.occurredAt(), e.kind().name(), day);
    }

    /** A trend credit: the share the trend detector awarded, booked as it is (the policy for trends is in the detector). */
    private static JournalEntry trendEntry(UUID eventId, TrendCreditEvent t, Period period) {
        Map<String, Object> reason = new LinkedHashMap<>();
        reason.put("event", eventId.toString());
        reason.put("type", TrendCreditEvent.TYPE);
        reason.put("rule", "trend-share");
        reason.put("trend", t.trendId());
        reason.put("tag", t.tag());
        reason.put("bps", t.bps());
        reason.put("roles", t.roles());
        reason.put("why", t.reasons());
        return new JournalEntry(JournalEntry.Kind.TREND_CREDIT, eventId, period.id(), t.occurredAt(), reason, List.of(
                new JournalEntry.Posting(LedgerAccounts.creatorCredits(t.accountId()), LedgerAccounts.CREDIT, t.credits()),
                new JournalEntry.Posting(LedgerAccounts.TREND_POOL, LedgerAccounts.CREDIT, -t.credits())));
    }

    private Parsed parse(ConsumerRecord<String, String> record) {
        TopicPartition from = new TopicPartition(record.topic(), record.partition());
        String idText = header(record, "ce_id");
        String type = header(record, "ce_type");
        UUID id;
        try {
            id = UUID.fromString(idText);
        } catch (RuntimeException e) {
            // No usable id: name the record by its position, so a redelivery is still recognised.
            id = UUID.nameUUIDFromBytes((record.topic() + "/" + record.partition() + "/" + record.offset()).getBytes(StandardCharsets.UTF_8));
            return new Parsed(id, type, from, null, "missing or invalid ce_id header");
        }
        if (TrendCreditEvent.TYPE.equals(type)) {
            try {
                TrendCreditEvent trend = trendReader.readValue(record.value());
                if (trend.schemaVersion() != TrendCreditEvent.SCHEMA_VERSION || trend.credits() <= 0 || trend.trendId() == null
                        || trend.occurredAt() == null) {
                    return new Parsed(id, type, from, null, "trend credit needs schemaVersion 1, a trend, a time and credits > 0");
                }
                return new Parsed(id, type, from, null, trend, null);
            } catch (Exception e) {
                return new Parsed(id, type, from, null, truncate("payload is not a trend credit event: " + e.getMessage()));
            }
        }
        try {
            EngagementEvent event = engagementReader.readValue(record.value());
            if (event.kind() == null || event.action() == null || event.occurredAt() == null) {
                return new Parsed(id, type, from, null, "kind, action and occurredAt are required");
            }
            if (event.schemaVersion() != EngagementEvent.SCHEMA_VERSION) {
                return new Parsed(id, type, from, null, "unsupported schemaVersion " + event.schemaVersion());
            }
            if (!event.type().equals(type)) {
                return new Parsed(id, type, from, null, "ce_type " + type + " does not match the payload (" + event.type() + ")");
            }
            return new Parsed(id, type, from, event, null);
        } catch (Exception e) {
            return new Parsed(id, type, from, null, truncate("payload is not an engagement event: " + e.getMessage()));
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static String truncate(String s) {
        return s.length() <= 500 ? s : s.substring(0, 500);
    }

    // ---- set-based SQL ------------------------------------------------------------------------

    /** Which of {@code ids} the policy (or the parser) already refused. */
    private static Set<UUID> refused(Connection c, Set<UUID> ids) throws SQLException {
        Set<UUID> found = new HashSet<>();
        try (PreparedStatement s = c.prepareStatement("select event_id from rejected_event where event_id = any(?::uuid[])")) {
            s.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return found;
    }

    private static void writeRefusals(Connection c, List<Refusal> refusals, Instant now) throws SQLException {
        if (refusals.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("""
                insert into rejected_event (event_id, type, rule, detail, creator_id, reader_id, post_id, recorded_at)
                select t.*, ? from unnest(?::uuid[], ?::varchar[], ?::varchar[], ?::varchar[], ?::bigint[], ?::bigint[], ?::bigint[])
                  as t(event_id, type, rule, detail, creator_id, reader_id, post_id)""")) {
            s.setTimestamp(1, Timestamp.from(now));
            s.setArray(2, c.createArrayOf("uuid", refusals.stream().map(Refusal::id).toArray()));
            s.setArray(3, c.createArrayOf("varchar", refusals.stream().map(Refusal::type).toArray()));
            s.setArray(4, c.createArrayOf("varchar", refusals.stream().map(Refusal::rule).toArray()));
            s.setArray(5, c.createArrayOf("varchar", refusals.stream().map(Refusal::detail).toArray()));
            s.setArray(6, c.createArrayOf("bigint", refusals.stream().map(Refusal::creator).toArray()));
            s.setArray(7, c.createArrayOf("bigint", refusals.stream().map(Refusal::reader).toArray()));
            s.setArray(8, c.createArrayOf("bigint", refusals.stream().map(Refusal::post).toArray()));
            s.executeUpdate();
        }
    }
}
