package dev.murmur.trend.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.murmur.account.service.AccountService;
import dev.murmur.outbox.EventRecord;
import dev.murmur.outbox.EventRecords;
import dev.murmur.outbox.EventSchema;
import dev.murmur.outbox.Outbox;
import dev.murmur.outbox.Topics;
import dev.murmur.post.PostEvent;
import dev.murmur.post.service.Hashtags;
import dev.murmur.period.BudgetSplitter;
import dev.murmur.period.Period;
import dev.murmur.period.PeriodService;
import dev.murmur.trend.TrendConfig;
import dev.murmur.trend.TrendCreditEvent;
import dev.murmur.trend.detect.MemoryTagStore;
import dev.murmur.trend.detect.PostSignal;
import dev.murmur.trend.detect.Share;
import dev.murmur.trend.detect.TagState;
import dev.murmur.trend.detect.Transition;
import dev.murmur.trend.detect.TrendDetector;
import dev.murmur.trend.detect.TrendRules;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

import static dev.murmur.common.SqlRows.nullableNumber;

/**
 * Applies a batch of post events to the trend detector in one transaction: lock the detector row
 * (one detector transaction at a time), dedupe on the event id, load the touched and trending tag
 * states, run the pure {@link TrendDetector}, and write back the states, the trends, their
 * shares, and for a trend that ended its credit events into the outbox. Nothing is kept in
 * memory between batches, so a restart resumes from exactly what committed.
 */
@ApplicationScoped
public class TrendApplier {

    private static final Logger LOG = Logger.getLogger(TrendApplier.class);

    public record Result(int applied, int duplicates, int detected, int ended) {
    }

    private final EntityManager em;
    private final TrendConfig config;
    private final TrendRules rules;
    private final AccountService accounts;
    private final PeriodService periods;
    private final Outbox outbox;
    private final TrendCheckpoints checkpoints;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final ObjectMapper json;
    private final EventRecords records;

    public TrendApplier(EntityManager em, TrendConfig config, AccountService accounts, PeriodService periods, Outbox outbox,
                        TrendCheckpoints checkpoints, EventRecords records, Clock clock, MeterRegistry metrics, ObjectMapper json) {
        this.em = em;
        this.config = config;
        this.rules = config.rules();
        this.accounts = accounts;
        this.periods = periods;
        this.outbox = outbox;
        this.checkpoints = checkpoints;
        this.records = records;
        this.clock = clock;
        this.metrics = metrics;
        this.json = json.copy().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    @Transactional
    public Result apply(List<ConsumerRecord<String, String>> records) {
        Instant now = clock.instant();
        Tuple detectorRow = (Tuple) em.createNativeQuery("select watermark, first_bucket from trend_detector where id = 1 for update",
                Tuple.class).getSingleResult();
        Map<UUID, ConsumerRecord<String, String>> byId = new LinkedHashMap<>();
        for (ConsumerRecord<String, String> r : records) {
            byId.putIfAbsent(EventRecords.id(r), r);
        }
        @SuppressWarnings("unchecked")
        List<UUID> fresh = em.createNativeQuery("""
                        insert into trend_processed_event (event_id, recorded_at)
                        select unnest(cast(:ids as uuid[])), :now on conflict do nothing returning event_id""")
                .setParameter("ids", byId.keySet().stream().map(UUID::toString).toArray(String[]::new))
                .setParameter("now", now).getResultList();
        if (fresh.isEmpty()) {
            return new Result(0, records.size(), 0, 0);
        }
        Set<UUID> freshIds = new HashSet<>(fresh);
        List<PostSignal> signals = new ArrayList<>();
        for (Map.Entry<UUID, ConsumerRecord<String, String>> e : byId.entrySet()) {
            if (freshIds.contains(e.getKey())) {
                PostSignal s = parse(e.getValue());
                if (s != null) {
                    signals.add(s);
                }
            }
        }
        // Partitions interleave; within a batch, event-time order (then post id) keeps runs identical.
        signals.sort(Comparator.comparingLong(PostSignal::time).thenComparingLong(PostSignal::postId).thenComparing(PostSignal::deleted));
        Set<String> tags = new HashSet<>();
        Set<Long> authors = new HashSet<>();
        signals.forEach(s -> {
            tags.addAll(s.tags());
            authors.add(s.accountId());
        });
        Set<String> notTrendable = notTrendable(tags);
        Set<Long> moderated = accounts.moderatedAmong(authors);

        MemoryTagStore store = new MemoryTagStore(rules);
        loadStates(store, tags);
        long watermark = Objects.requireNonNullElse(nullableNumber(detectorRow, "watermark"), Long.MIN_VALUE);
        long firstBucket = Objects.requireNonNullElse(nullableNumber(detectorRow, "first_bucket"), Long.MIN_VALUE);
        TrendDetector detector = new TrendDetector(rules, store, watermark, firstBucket, t -> !notTrendable.contains(t), moderated::contains);
        List<Transition> transitions = new ArrayList<>();
        for (PostSignal s : signals) {
            detector.apply(s, transitions::add);
        }
        saveStates(store, now);
        int detected = 0;
        int ended = 0;
        for (Transition t : transitions) {
            switch (t) {
                case Transition.Detected d -> {
                    insertTrend(d, now);
                    detected++;
                }
                case Transition.Ended e -> {
                    endTrend(e, now);
                    ended++;
                }
            }
        }
        for (TagState st : store.active()) {
            em.createNativeQuery("update trend set peak_score = :peak, timeline = cast(:timeline as jsonb), updated_at = :now where id = cast(:id as uuid)")
                    .setParameter("peak", st.active.peakScore).setParameter("timeline", timeline(st.active.timeline))
                    .setParameter("now", now).setParameter("id", st.active.trendId).executeUpdate();
        }
        em.createNativeQuery("update trend_detector set watermark = :w, first_bucket = :f where id = 1")
                .setParameter("w", detector.watermark()).setParameter("f", detector.firstBucket()).executeUpdate();
        checkpoints.written();
        metrics.counter("murmur.trends.events").increment(signals.size());
        metrics.counter("murmur.trends.detected").increment(detected);
        return new Result(signals.size(), records.size() - fresh.size(), detected, ended);
    }

    // ---- parsing ------------------------------------------------------------------------------

    /** Post events: created and deleted, with the fields the detector needs. Unknown fields are allowed. */
    private static final List<EventSchema<?, ? extends PostEvent>> POSTS = List.of(new EventSchema<>("a post event",
            type -> PostEvent.CREATED.equals(type) || PostEvent.DELETED.equals(type), PostEvent.class, true,
            (e, type) -> e.schemaVersion() != PostEvent.SCHEMA_VERSION || e.kind() == null || e.occurredAt() == null
                    ? "unsupported post event " + type + " v" + e.schemaVersion() : null,
            e -> e));

    private PostSignal parse(ConsumerRecord<String, String> record) {
        return switch (records.read(record, POSTS, EventRecords.MissingId.NAMED_BY_POSITION)) {
            case EventRecord.Event<PostEvent> e -> signal(record, e.event(), PostEvent.DELETED.equals(e.type()));
            case EventRecord.Malformed<PostEvent> m -> skip(record, m.error());
            case EventRecord.Unknown<PostEvent> u -> skip(record, "unsupported post event " + u.type());
        };
    }

    private PostSignal signal(ConsumerRecord<String, String> record, PostEvent e, boolean deleted) {
        try {
            List<String> keys = e.tags() == null ? List.of()
                    : e.tags().stream().map(Hashtags::trendKey).filter(k -> !k.isEmpty()).distinct().toList();
            Long parent = switch (e.kind()) {
                case REPOST -> e.repostOfId();
                case QUOTE -> e.quoteOfId();
                case REPLY -> e.replyParentId();
                case POST -> null;
            };
            long since = e.authorSince() == null ? Long.MIN_VALUE / 2 : e.authorSince().toEpochMilli();
            return new PostSignal(e.postId(), e.authorId(), since, PostSignal.Kind.valueOf(e.kind().name()), parent, keys,
                    e.occurredAt().toEpochMilli(), deleted);
        } catch (RuntimeException ex) {
            return skip(record, ex.getMessage());
        }
    }

    /** A post event the detector cannot read counts for nothing; it is still marked processed. */
    private PostSignal skip(ConsumerRecord<String, String> record, String why) {
        LOG.warnf("Skipping unreadable post event at %s/%d/%d: %s", record.topic(), record.partition(), record.offset(), why);
        metrics.counter("murmur.trends.events.skipped").increment();
        return null;
    }

    // ---- state --------------------------------------------------------------------------------

    private Set<String> notTrendable(Set<String> tags) {
        if (tags.isEmpty()) {
            return Set.of();
        }
        @SuppressWarnings("unchecked")
        List<String> rows = em.createNativeQuery("select tag from trend_tag_moderation where not trendable and tag = any(cast(:tags as varchar[]))")
                .setParameter("tags", tags.toArray(String[]::new)).getResultList();
        return new HashSet<>(rows);
    }

    private void loadStates(MemoryTagStore store, Set<String> tags) {
        @SuppressWarnings("unchecked")
        List<Tuple> rows = em.createNativeQuery("""
                        select tag, cast(state as text) as state from trend_tag_state where active or tag = any(cast(:tags as varchar[]))""",
                        Tuple.class)
                .setParameter("tags", tags.toArray(String[]::new)).getResultList();
        for (Tuple row : rows) {
            try {
                store.put(json.readValue(row.get("state", String.class), TagState.class));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("trend state of #" + row.get("tag", String.class) + " cannot be read", e);
            }
        }
    }

    private void saveStates(MemoryTagStore store, Instant now) {
        List<String> tags = new ArrayList<>();
        List<String> states = new ArrayList<>();
        List<Boolean> active = new ArrayList<>();
        for (TagState st : store.all()) {
            tags.add(st.tag);
            states.add(write(st));
            active.add(st.active != null);
        }
        if (tags.isEmpty()) {
            return;
        }
        em.createNativeQuery("""
                        insert into trend_tag_state (tag, active, state, updated_at)
                        select t.tag, t.active, cast(t.state as jsonb), :now
                        from unnest(cast(:tags as varchar[]), cast(:active as boolean[]), cast(:states as text[])) as t(tag, active, state)
                        on conflict (tag) do update set active = excluded.active, state = excluded.state, updated_at = excluded.updated_at""")
                .setParameter("tags", tags.toArray(String[]::new)).setParameter("active", active.toArray(Boolean[]::new))
                .setParameter("states", states.toArray(String[]::new)).setParameter("now", now).executeUpdate();
    }

    // ---- trends -------------------------------------------------------------------------------

    private void insertTrend(Transition.Detected d, Instant now) {
        em.createNativeQuery("""
                        insert into trend (id, tag, status, start_bucket, detected_at, detection_score, peak_score, timeline, updated_at)
                        values (cast(:id as uuid), :tag, 'TRENDING', :bucket, :at, :score, :score, cast(:timeline as jsonb), :now)
                        on conflict (id) do nothing""")
                .setParameter("id", d.trendId()).setParameter("tag", d.tag()).setParameter("bucket", d.startBucket())
                .setParameter("at", Instant.ofEpochMilli(d.detectedAt())).setParameter("score", d.score())
                .setParameter("timeline", timeline(d.timeline())).setParameter("now", now).executeUpdate();
        for (Share s : d.shares()) {
            em.createNativeQuery("""
                            insert into trend_share (trend_id, account_id, bps, roles, reasons)
                            values (cast(:id as uuid), :account, :bps, cast(:roles as jsonb), cast(:reasons as jsonb)) on conflict do nothing""")
                    .setParameter("id", d.trendId()).setParameter("account", s.accountId()).setParameter("bps", s.bps())
                    .setParameter("roles", write(s.roles())).setParameter("reasons", write(s.reasons())).executeUpdate();
        }
    }

    /** Ends a trend and, unless operators took the tag off, awards its credits: peak score x rate, within the period's pool. */
    private void endTrend(Transition.Ended e, Instant now) {
        @SuppressWarnings("unchecked")
        List<String> status = em.createNativeQuery("select status from trend where id = cast(:id as uuid) for update")
                .setParameter("id", e.trendId()).getResultList();
        if (status.isEmpty() || !status.getFirst().equals("TRENDING")) {
            return; // suppressed by an operator: earns nothing
        }
        Period period = periods.lockOpenForCredit();
        em.createNativeQuery("insert into trend_pool_usage (period_id, credits) values (:p, 0) on conflict do nothing")
                .setParameter("p", period.id()).executeUpdate();
        long used = ((Number) em.createNativeQuery("select credits from trend_pool_usage where period_id = :p for update")
                .setParameter("p", period.id()).getSingleResult()).longValue();
        long wanted = (long) Math.floor(Math.max(0, e.peakScore()) * config.creditsPerScore());
        long credits = Math.max(0, Math.min(wanted, config.poolPerPeriod() - used));
        Map<Long, Long> bps = new TreeMap<>();
        e.shares().forEach(s -> bps.put(s.accountId(), (long) s.bps()));
        SortedMap<Long, Long> split = BudgetSplitter.split(credits, bps);
        Instant endedAt = Instant.ofEpochMilli(e.endedAt());
        for (Share s : e.shares()) {
            long amount = split.getOrDefault(s.accountId(), 0L);
            if (amount <= 0) {
                continue;
            }
            em.createNativeQuery("update trend_share set credits = :c where trend_id = cast(:id as uuid) and account_id = :a")
                    .setParameter("c", amount).setParameter("id", e.trendId()).setParameter("a", s.accountId()).executeUpdate();
            TrendCreditEvent event = new TrendCreditEvent(TrendCreditEvent.SCHEMA_VERSION, e.trendId(), e.tag(), s.accountId(),
                    amount, s.bps(), s.roles(), s.reasons(), e.peakScore(), endedAt);
            outbox.append(TrendCreditEvent.eventId(e.trendId(), s.accountId()), Topics.ENGAGEMENTS, event.key(),
                    TrendCreditEvent.TYPE, event.subject(), event);
        }
        em.createNativeQuery("update trend_pool_usage set credits = credits + :c where period_id = :p")
                .setParameter("c", credits).setParameter("p", period.id()).executeUpdate();
        em.createNativeQuery("""
                        update trend set status = 'ENDED', ended_at = :end, peak_score = :peak, credits = :credits, period_id = :p,
                                         timeline = cast(:timeline as jsonb), updated_at = :now
                        where id = cast(:id as uuid)""")
                .setParameter("end", endedAt).setParameter("peak", e.peakScore()).setParameter("credits", credits)
                .setParameter("p", period.id()).setParameter("timeline", timeline(e.timeline())).setParameter("now", now)
                .setParameter("id", e.trendId()).executeUpdate();
    }

    private String timeline(SortedMap<Long, Integer> timeline) {
        // The same record TrendService reads the column back into: one shape for the stored JSON.
        List<TrendService.Point> points = new ArrayList<>();
        timeline.forEach((bucket, accounts) -> points.add(new TrendService.Point(bucket,
                Instant.ofEpochMilli(bucket * rules.bucketMillis()).toString(), accounts)));
        return write(points);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
