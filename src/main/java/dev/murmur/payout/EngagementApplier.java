package dev.murmur.payout;

import dev.murmur.engagement.EngagementEvent;
import dev.murmur.ledger.CreditLine;
import dev.murmur.ledger.JournalEntry;
import dev.murmur.ledger.Ledger;
import dev.murmur.ledger.LedgerAccounts;
import dev.murmur.ledger.WorkerLedgerQueries;
import dev.murmur.moderation.ModerationEvent;
import dev.murmur.outbox.EventRecord;
import dev.murmur.outbox.EventRecords;
import dev.murmur.reward.RewardPolicy;
import dev.murmur.period.Period;
import dev.murmur.period.PeriodService;
import dev.murmur.trend.TrendCreditEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.hibernate.Session;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
 * batch, whatever its size): the refusals and moderations ({@link WorkerEventRepository}), and the
 * credits, which the ledger records as one entry per batch (each creator's net amount) plus one
 * reason line per event. Records are read by the shared {@link EventRecords} into {@link PayoutEvent}s.
 * Each phase is timed in {@code murmur.payout.batch.phase{phase=parse|dedupe|state|policy|write}}.
 */
@ApplicationScoped
public class EngagementApplier {

    public record Result(int applied, int duplicates, int rejected) {
    }

    private final EntityManager em;
    private final RewardPolicy policy;
    private final Ledger ledger;
    private final WorkerLedgerQueries ledgerQueries;
    private final WorkerEventRepository rows;
    private final PeriodService periods;
    private final CreatorStates states;
    private final PayoutCheckpoints checkpoints;
    private final EventRecords records;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final Timer parseTime;
    private final Timer dedupeTime;
    private final Timer stateTime;
    private final Timer policyTime;
    private final Timer writeTime;

    public EngagementApplier(EntityManager em, RewardPolicy policy, Ledger ledger, WorkerLedgerQueries ledgerQueries,
                             WorkerEventRepository rows, PeriodService periods, CreatorStates states, PayoutCheckpoints checkpoints,
                             EventRecords records, Clock clock, MeterRegistry metrics) {
        this.em = em;
        this.policy = policy;
        this.ledger = ledger;
        this.ledgerQueries = ledgerQueries;
        this.rows = rows;
        this.periods = periods;
        this.states = states;
        this.checkpoints = checkpoints;
        this.records = records;
        this.clock = clock;
        this.metrics = metrics;
        this.parseTime = phase(metrics, "parse");
        this.dedupeTime = phase(metrics, "dedupe");
        this.stateTime = phase(metrics, "state");
        this.policyTime = phase(metrics, "policy");
        this.writeTime = phase(metrics, "write");
    }

    private static Timer phase(MeterRegistry metrics, String phase) {
        return Timer.builder("murmur.payout.batch.phase").description("Time the payout worker spends per batch in each phase")
                .tag("phase", phase).register(metrics);
    }

    /**
     * The fresh events of a batch, sorted by what applying them means: the engagement, moderation
     * and trend credit events go through the policy, in record order, against the state of the
     * creators they name; the trend entries to book are added as the policy lets them through.
     */
    private record Sorted(List<EventRecord.Event<PayoutEvent>> policyEvents, Map<Long, TopicPartition> creators,
                          List<Refusal> refusals, List<JournalEntry> trendEntries) {
    }

    @Transactional
    public Result apply(List<ConsumerRecord<String, String>> batchRecords) {
        Instant now = clock.instant();
        Timer.Sample phase = Timer.start();
        Map<UUID, EventRecord<PayoutEvent>> batch = parseAll(batchRecords);
        Session session = em.unwrap(Session.class);
        phase = next(phase, parseTime);
        // One applier at a time per partition (a rebalance can hand the same records to two
        // workers): the second waits here until the first committed, then sees its rows.
        session.doWork(c -> states.lock(c, partitionsOf(batchRecords)));
        Set<UUID> fresh = notAppliedYet(batch);
        phase = next(phase, dedupeTime);
        if (fresh.isEmpty()) {
            return new Result(0, batchRecords.size(), 0);
        }
        Period period = periods.lockOpenForCredit();
        Sorted sorted = sort(batch, fresh);
        Map<Long, CreatorState> creators = states.of(sorted.creators());
        phase = next(phase, stateTime);
        List<CreditLine> credits = decide(sorted, creators, period);
        phase = next(phase, policyTime);

        rows.recordRefusals(sorted.refusals(), now);
        rows.recordModerations(sorted.policyEvents().stream()
                .filter(e -> e.event() instanceof PayoutEvent.Moderation)
                .map(e -> new WorkerEventRepository.Applied(e.id(), ((PayoutEvent.Moderation) e.event()).event())).toList(), now);
        ledger.recordCredits(period.id(), credits);
        ledger.record(sorted.trendEntries());
        phase.stop(writeTime);
        checkpoints.written();
        int applied = fresh.size() - sorted.refusals().size(); // a line, a trend entry or a moderation each
        metrics.counter("murmur.payout.events", "outcome", "applied").increment(applied);
        metrics.counter("murmur.payout.events", "outcome", "rejected").increment(sorted.refusals().size());
        return new Result(applied, batchRecords.size() - fresh.size(), sorted.refusals().size());
    }

    /** Stops the running phase's sample and starts the next. */
    private static Timer.Sample next(Timer.Sample running, Timer phase) {
        running.stop(phase);
        return Timer.start();
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
    private Map<UUID, EventRecord<PayoutEvent>> parseAll(List<ConsumerRecord<String, String>> batchRecords) {
        Map<UUID, EventRecord<PayoutEvent>> batch = new LinkedHashMap<>();
        for (ConsumerRecord<String, String> record : batchRecords) {
            EventRecord<PayoutEvent> read = records.read(record, PayoutEvent.SCHEMAS, EventRecords.MissingId.MALFORMED);
            batch.putIfAbsent(read.id(), read);
        }
        return batch;
    }

    /**
     * The events of the batch not applied before. Applied before means: a credit line
     * (engagements), a journal entry (trend credits), a moderation applied, or a refusal.
     */
    private Set<UUID> notAppliedYet(Map<UUID, EventRecord<PayoutEvent>> batch) {
        List<UUID> lineIds = new ArrayList<>();
        List<UUID> entryIds = new ArrayList<>();
        List<UUID> moderationIds = new ArrayList<>();
        for (EventRecord<PayoutEvent> r : batch.values()) {
            PayoutEvent event = r instanceof EventRecord.Event<PayoutEvent> e ? e.event() : null;
            (event instanceof PayoutEvent.TrendCredit ? entryIds : event instanceof PayoutEvent.Moderation ? moderationIds : lineIds)
                    .add(r.id());
        }
        Set<UUID> fresh = new LinkedHashSet<>(batch.keySet());
        fresh.removeAll(ledgerQueries.recordedEvents(lineIds, entryIds));
        fresh.removeAll(rows.refused(batch.keySet()));
        fresh.removeAll(rows.moderationsApplied(moderationIds));
        return fresh;
    }

    private static Sorted sort(Map<UUID, EventRecord<PayoutEvent>> batch, Set<UUID> fresh) {
        Sorted sorted = new Sorted(new ArrayList<>(), new HashMap<>(), new ArrayList<>(), new ArrayList<>());
        for (EventRecord<PayoutEvent> r : batch.values()) {
            if (!fresh.contains(r.id())) {
                continue;
            }
            switch (r) {
                case EventRecord.Event<PayoutEvent> e -> {
                    sorted.policyEvents().add(e);
                    sorted.creators().put(e.event().creatorId(), e.from());
                }
                case EventRecord.Malformed<PayoutEvent> m ->
                        sorted.refusals().add(new Refusal(m.id(), String.valueOf(m.type()), "malformed", m.error(), null, null, null));
                case EventRecord.Unknown<PayoutEvent> u -> // every type has a schema (engagement is the default): never happens
                        sorted.refusals().add(new Refusal(u.id(), String.valueOf(u.type()), "malformed", "unknown event type", null, null, null));
            }
        }
        return sorted;
    }

    /**
     * Lets the policy decide each engagement, moderation and trend credit event in order, against
     * its creator's state, which it updates as it goes. Returns the credit lines to record; the refusals go to
     * {@code sorted.refusals()}.
     */
    private List<CreditLine> decide(Sorted sorted, Map<Long, CreatorState> creators, Period period) {
        List<CreditLine> credits = new ArrayList<>();
        for (EventRecord.Event<PayoutEvent> p : sorted.policyEvents()) {
            CreatorState creator = creators.get(p.event().creatorId());
            switch (p.event()) {
                case PayoutEvent.Moderation m -> credits.addAll(moderate(p.id(), m.event(), creator));
                case PayoutEvent.TrendCredit tc -> {
                    TrendCreditEvent t = tc.event();
                    policy.refuseTrendCredit(creator.suspended()).ifPresentOrElse(
                            r -> sorted.refusals().add(new Refusal(p.id(), TrendCreditEvent.TYPE, r.rule(), r.detail(), t.accountId(), null, null)),
                            () -> sorted.trendEntries().add(trendEntry(p.id(), t, period)));
                }
                case PayoutEvent.Engagement engagement -> decide(p.id(), engagement.event(), creator, credits, sorted.refusals());
            }
        }
        return credits;
    }

    /** One engagement: grant, reverse or refuse, against the creator's state, which it updates. */
    private void decide(UUID id, EngagementEvent e, CreatorState creator, List<CreditLine> credits, List<Refusal> refusals) {
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
            case RewardPolicy.Reject r -> refusals.add(new Refusal(id, e.type(), r.rule(), r.detail(),
                    e.creatorId(), e.readerId(), e.postId()));
        }
    }

    /**
     * A moderation decision: every credit still standing on the removed post (or, for a suspension,
     * on any of the creator's posts) is reversed under the rule {@code moderation}, one line per
     * credit, each named after the moderation event and the credit it takes back.
     */
    private List<CreditLine> moderate(UUID id, ModerationEvent m, CreatorState creator) {
        List<CreditLine> lines = new ArrayList<>();
        if (m.action().equals(ModerationEvent.ACCOUNT_REINSTATED)) {
            creator.reinstate();
            return lines;
        }
        Long post = m.action().equals(ModerationEvent.POST_REMOVED) ? m.postId() : null;
        creator.standingOn(post).forEach((key, credit) -> {
            RewardPolicy.Reverse r = policy.moderate(new RewardPolicy.Standing(credit.amount(), credit.sourcePostId(), credit.day()));
            creator.reversed(key, credit);
            UUID lineId = UUID.nameUUIDFromBytes(("moderation:" + id + ":" + credit.eventId()).getBytes(StandardCharsets.UTF_8));
            lines.add(new CreditLine(lineId, m.creatorId(), key.postId(), key.readerId(), credit.sourcePostId(), -r.amount(),
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
    private static CreditLine line(UUID eventId, EngagementEvent e, long amount, String rule, UUID reverses, LocalDate day) {
        return new CreditLine(eventId, e.creatorId(), e.postId(), e.readerId(), e.sourcePostId(), amount, rule,
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
}
