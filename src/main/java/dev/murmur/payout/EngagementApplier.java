package dev.murmur.payout;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.murmur.engagement.EngagementEvent;
import dev.murmur.ledger.JournalEntry;
import dev.murmur.ledger.Ledger;
import dev.murmur.ledger.LedgerAccounts;
import dev.murmur.moderation.ModerationEvent;
import dev.murmur.reward.RewardPolicy;
import dev.murmur.period.Period;
import dev.murmur.period.PeriodService;
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
import java.util.Collection;
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

    /**
     * One record, read: exactly one of {@code event}, {@code trend}, {@code moderation} and
     * {@code error} is set. {@code from} is the partition it came from, which owns its creator's state.
     */
    private record Parsed(UUID id, String type, TopicPartition from, EngagementEvent event, TrendCreditEvent trend,
                          ModerationEvent moderation, String error) {

        static Parsed malformed(UUID id, String type, TopicPartition from, String error) {
            return new Parsed(id, type, from, null, null, null, error);
        }

        /** The creator whose reward-policy state applying this reads, or null. */
        Long creatorId() {
            if (event != null) {
                return event.creatorId();
            }
            if (trend != null) {
                return trend.accountId();
            }
            return moderation != null ? moderation.creatorId() : null;
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
    private final ObjectReader moderationReader;

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
        ObjectReader tolerant = json.copy().registerModule(Rfc3339Instants.module()).reader()
                .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.engagementReader = tolerant.forType(EngagementEvent.class);
        this.trendReader = tolerant.forType(TrendCreditEvent.class);
        this.moderationReader = tolerant.forType(ModerationEvent.class);
    }

    /**
     * The fresh events of a batch, sorted by what applying them means: the engagement, moderation
     * and trend credit events go through the policy, in record order, against the state of the
     * creators they name; the trend entries to book are added as the policy lets them through.
     */
    private record Sorted(List<Parsed> policyEvents, Map<Long, TopicPartition> creators, List<Refusal> refusals,
                          List<JournalEntry> trendEntries) {
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
        Sorted sorted = sort(batch, fresh);
        Map<Long, CreatorState> creators = states.of(sorted.creators());
        long t3 = System.nanoTime();
        List<Ledger.CreditLine> credits = decide(sorted, creators, period);
        long t4 = System.nanoTime();

        session.doWork(c -> {
            writeRefusals(c, sorted.refusals(), now);
            writeModerations(c, sorted.policyEvents(), now);
        });
        ledger.recordCredits(period.id(), credits);
        ledger.record(sorted.trendEntries());
        long t5 = System.nanoTime();
        hooks.runAfterWrite();
        if (PROFILE.isDebugEnabled()) {
            PROFILE.debugf("batch of %d: parse %d ms, lock and dedupe %d, state %d, policy %d, writes %d",
                    records.size(), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000,
                    (t4 - t3) / 1_000_000, (t5 - t4) / 1_000_000);
        }
        int applied = fresh.size() - sorted.refusals().size(); // a line, a trend entry or a moderation each
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
     * (engagements), a journal entry (trend credits), a moderation applied, or a refusal.
     */
    private Set<UUID> notAppliedYet(Session session, Map<UUID, Parsed> batch) {
        List<UUID> lineIds = new ArrayList<>();
        List<UUID> entryIds = new ArrayList<>();
        List<UUID> moderationIds = new ArrayList<>();
        for (Parsed p : batch.values()) {
            (p.trend() != null ? entryIds : p.moderation() != null ? moderationIds : lineIds).add(p.id());
        }
        Set<UUID> fresh = new LinkedHashSet<>(batch.keySet());
        fresh.removeAll(ledger.recordedEvents(lineIds, entryIds));
        fresh.removeAll(session.doReturningWork(c -> recordedIn(c, "rejected_event", batch.keySet())));
        if (!moderationIds.isEmpty()) {
            fresh.removeAll(session.doReturningWork(c -> recordedIn(c, "payout_moderation", moderationIds)));
        }
        return fresh;
    }

    private static Sorted sort(Map<UUID, Parsed> batch, Set<UUID> fresh) {
        Sorted sorted = new Sorted(new ArrayList<>(), new HashMap<>(), new ArrayList<>(), new ArrayList<>());
        for (Parsed p : batch.values()) {
            if (!fresh.contains(p.id())) {
                continue;
            }
            if (p.error() != null) {
                sorted.refusals().add(new Refusal(p.id(), String.valueOf(p.type()), "malformed", p.error(), null, null, null));
            } else {
                sorted.policyEvents().add(p);
                sorted.creators().put(p.creatorId(), p.from());
            }
        }
        return sorted;
    }

    /**
     * Lets the policy decide each engagement, moderation and trend credit event in order, against
     * its creator's state, which it updates as it goes. Returns the credit lines to record; the refusals go to
     * {@code sorted.refusals()}.
     */
    private List<Ledger.CreditLine> decide(Sorted sorted, Map<Long, CreatorState> creators, Period period) {
        List<Ledger.CreditLine> credits = new ArrayList<>();
        for (Parsed p : sorted.policyEvents()) {
            CreatorState creator = creators.get(p.creatorId());
            if (p.moderation() != null) {
                credits.addAll(moderate(p.id(), p.moderation(), creator));
                continue;
            }
            if (p.trend() != null) {
                TrendCreditEvent t = p.trend();
                policy.refuseTrendCredit(creator.suspended()).ifPresentOrElse(
                        r -> sorted.refusals().add(new Refusal(p.id(), TrendCreditEvent.TYPE, r.rule(), r.detail(), t.accountId(), null, null)),
                        () -> sorted.trendEntries().add(trendEntry(p.id(), t, period)));
                continue;
            }
            EngagementEvent e = p.event();
            UUID id = p.id();
            CreatorState.EngagementKey key = key(e);
            CreatorState.Credit current = creator.standing(key);
            RewardPolicy.Decision decision = policy.decide(e,
                    Optional.ofNullable(current).map(c -> new RewardPolicy.Standing(c.amount(), c.sourcePostId(), c.day())),
                    creator.given(e.readerId(), RewardPolicy.day(e)), creator.suspended());
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

    /**
     * A moderation decision: every credit still standing on the removed post (or, for a suspension,
     * on any of the creator's posts) is reversed under the rule {@code moderation}, one line per
     * credit, each named after the moderation event and the credit it takes back.
     */
    private List<Ledger.CreditLine> moderate(UUID id, ModerationEvent m, CreatorState creator) {
        List<Ledger.CreditLine> lines = new ArrayList<>();
        if (m.action().equals(ModerationEvent.ACCOUNT_REINSTATED)) {
            creator.reinstate();
            return lines;
        }
        Long post = m.action().equals(ModerationEvent.POST_REMOVED) ? m.postId() : null;
        creator.standingOn(post).forEach((key, credit) -> {
            RewardPolicy.Reverse r = policy.moderate(new RewardPolicy.Standing(credit.amount(), credit.sourcePostId(), credit.day()));
            creator.reversed(key, credit);
            UUID lineId = UUID.nameUUIDFromBytes(("moderation:" + id + ":" + credit.eventId()).getBytes(StandardCharsets.UTF_8));
            lines.add(new Ledger.CreditLine(lineId, m.creatorId(), key.postId(), key.readerId(), credit.sourcePostId(), -r.amount(),
                    r.rule(), m.type(), credit.eventId(), m.occurredAt(), key.kind(), r.day()));
        });
        if (m.action().equals(ModerationEvent.ACCOUNT_SUSPENDED)) {
            creator.suspend();
        }
        return lines;
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
            return Parsed.malformed(id, type, from, "missing or invalid ce_id header");
        }
        if (type != null && type.startsWith(ModerationEvent.TYPE_PREFIX)) {
            return parseModeration(record, id, type, from);
        }
        if (TrendCreditEvent.TYPE.equals(type)) {
            try {
                TrendCreditEvent trend = trendReader.readValue(record.value());
                if (trend.schemaVersion() != TrendCreditEvent.SCHEMA_VERSION || trend.credits() <= 0 || trend.trendId() == null
                        || trend.occurredAt() == null) {
                    return Parsed.malformed(id, type, from, "trend credit needs schemaVersion 1, a trend, a time and credits > 0");
                }
                return new Parsed(id, type, from, null, trend, null, null);
            } catch (Exception e) {
                return Parsed.malformed(id, type, from, truncate("payload is not a trend credit event: " + e.getMessage()));
            }
        }
        try {
            EngagementEvent event = engagementReader.readValue(record.value());
            if (event.kind() == null || event.action() == null || event.occurredAt() == null) {
                return Parsed.malformed(id, type, from, "kind, action and occurredAt are required");
            }
            if (event.schemaVersion() != EngagementEvent.SCHEMA_VERSION) {
                return Parsed.malformed(id, type, from, "unsupported schemaVersion " + event.schemaVersion());
            }
            if (!event.type().equals(type)) {
                return Parsed.malformed(id, type, from, "ce_type " + type + " does not match the payload (" + event.type() + ")");
            }
            return new Parsed(id, type, from, event, null, null, null);
        } catch (Exception e) {
            return Parsed.malformed(id, type, from, truncate("payload is not an engagement event: " + e.getMessage()));
        }
    }

    private Parsed parseModeration(ConsumerRecord<String, String> record, UUID id, String type, TopicPartition from) {
        try {
            ModerationEvent m = moderationReader.readValue(record.value());
            if (m.schemaVersion() != ModerationEvent.SCHEMA_VERSION || m.occurredAt() == null || !type.equals(m.action())) {
                return Parsed.malformed(id, type, from, "moderation event needs schemaVersion 1, a time and an action matching ce_type");
            }
            boolean removal = type.equals(ModerationEvent.POST_REMOVED);
            if (!removal && !type.equals(ModerationEvent.ACCOUNT_SUSPENDED) && !type.equals(ModerationEvent.ACCOUNT_REINSTATED)) {
                return Parsed.malformed(id, type, from, "unknown moderation event type " + type);
            }
            if (removal != (m.postId() != null)) {
                return Parsed.malformed(id, type, from, "postId is required for a post removal, and only there");
            }
            return new Parsed(id, type, from, null, null, m, null);
        } catch (Exception e) {
            return Parsed.malformed(id, type, from, truncate("payload is not a moderation event: " + e.getMessage()));
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

    /** Which of {@code ids} are in {@code table}'s event_id column: refused already, or moderation applied already. */
    private static Set<UUID> recordedIn(Connection c, String table, Collection<UUID> ids) throws SQLException {
        Set<UUID> found = new HashSet<>();
        try (PreparedStatement s = c.prepareStatement("select event_id from " + table + " where event_id = any(?::uuid[])")) {
            s.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return found;
    }

    /** Records the moderation events applied, in order: they are the suspensions' state, and their dedupe. */
    private static void writeModerations(Connection c, List<Parsed> policyEvents, Instant now) throws SQLException {
        List<Parsed> moderations = policyEvents.stream().filter(p -> p.moderation() != null).toList();
        if (moderations.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("""
                insert into payout_moderation (event_id, type, creator_id, post_id, occurred_at, applied_at)
                select event_id, type, creator_id, post_id, occurred_at, ?
                from unnest(?::uuid[], ?::varchar[], ?::bigint[], ?::bigint[], ?::timestamptz[]) with ordinality
                  as t(event_id, type, creator_id, post_id, occurred_at, n)
                order by n""")) {
            s.setTimestamp(1, Timestamp.from(now));
            s.setArray(2, c.createArrayOf("uuid", moderations.stream().map(Parsed::id).toArray()));
            s.setArray(3, c.createArrayOf("varchar", moderations.stream().map(p -> p.moderation().type()).toArray()));
            s.setArray(4, c.createArrayOf("bigint", moderations.stream().map(p -> p.moderation().creatorId()).toArray()));
            s.setArray(5, c.createArrayOf("bigint", moderations.stream().map(p -> p.moderation().postId()).toArray()));
            s.setArray(6, c.createArrayOf("timestamptz", moderations.stream().map(p -> Timestamp.from(p.moderation().occurredAt())).toArray()));
            s.executeUpdate();
        }
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
