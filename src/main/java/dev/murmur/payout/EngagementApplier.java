package dev.murmur.payout;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Applies a batch of engagement events in one transaction: dedupe on the event id, let the reward
 * policy decide each event in order, then write everything set-based (a handful of statements per
 * batch, whatever its size): the policy's state, the refusals, and the credits, which the ledger
 * records as one entry per batch (each creator's net amount) plus one reason line per event.
 */
@ApplicationScoped
public class EngagementApplier {

    public record Result(int applied, int duplicates, int rejected) {
    }

    private record Parsed(UUID id, String type, EngagementEvent event, TrendCreditEvent trend, String error) {
        Parsed(UUID id, String type, EngagementEvent event, String error) {
            this(id, type, event, null, error);
        }
    }

    private record CreditKey(long reader, long post, String kind) {
    }

    private record Standing(long creator, long amount, Long sourcePost, LocalDate day, UUID eventId) {
    }

    private record UsageKey(long reader, long creator, LocalDate day) {
    }

    private record Refusal(UUID id, String type, String rule, String detail, Long creator, Long reader, Long post) {
    }

    private final EntityManager em;
    private final RewardPolicy policy;
    private final Ledger ledger;
    private final PeriodService periods;
    private final PayoutHooks hooks;
    private final Clock clock;
    private final MeterRegistry metrics;
    /** A tolerant reader: a newer producer may add fields this worker does not know yet. */
    private final ObjectMapper json;

    public EngagementApplier(EntityManager em, RewardPolicy policy, Ledger ledger, PeriodService periods, PayoutHooks hooks,
                             Clock clock, MeterRegistry metrics, ObjectMapper json) {
        this.em = em;
        this.policy = policy;
        this.ledger = ledger;
        this.periods = periods;
        this.hooks = hooks;
        this.clock = clock;
        this.metrics = metrics;
        this.json = json.copy().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    @Transactional
    public Result apply(List<ConsumerRecord<String, String>> records) {
        Instant now = clock.instant();
        Map<UUID, Parsed> batch = new LinkedHashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            Parsed parsed = parse(record);
            batch.putIfAbsent(parsed.id(), parsed);
        }
        Session session = em.unwrap(Session.class);
        Set<UUID> fresh = session.doReturningWork(c -> markProcessed(c, batch.keySet(), now));
        if (fresh.isEmpty()) {
            return new Result(0, records.size(), 0);
        }
        Period period = periods.lockOpenForCredit();

        List<EngagementEvent> events = new ArrayList<>();
        List<UUID> eventIds = new ArrayList<>();
        List<Refusal> refusals = new ArrayList<>();
        List<JournalEntry> trendEntries = new ArrayList<>();
        for (Parsed p : batch.values()) {
            if (!fresh.contains(p.id())) {
                continue;
            }
            if (p.trend() != null) {
                trendEntries.add(trendEntry(p.id(), p.trend(), period));
            } else if (p.event() == null) {
                refusals.add(new Refusal(p.id(), String.valueOf(p.type()), "malformed", p.error(), null, null, null));
            } else {
                events.add(p.event());
                eventIds.add(p.id());
            }
        }

        Map<CreditKey, Optional<Standing>> standing = session.doReturningWork(c -> loadStanding(c, events));
        Set<UsageKey> usageKeys = new HashSet<>();
        for (EngagementEvent e : events) {
            usageKeys.add(new UsageKey(e.readerId(), e.creatorId(), RewardPolicy.day(e)));
        }
        for (Map.Entry<CreditKey, Optional<Standing>> s : standing.entrySet()) {
            s.getValue().ifPresent(st -> usageKeys.add(new UsageKey(s.getKey().reader(), st.creator(), st.day())));
        }
        Map<UsageKey, Long> usage = session.doReturningWork(c -> loadUsage(c, usageKeys));

        Set<CreditKey> touchedCredits = new LinkedHashSet<>();
        Set<UsageKey> touchedUsage = new LinkedHashSet<>();
        List<Ledger.CreditLine> credits = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            EngagementEvent e = events.get(i);
            UUID id = eventIds.get(i);
            CreditKey key = new CreditKey(e.readerId(), e.postId(), e.kind().name());
            Optional<Standing> current = standing.getOrDefault(key, Optional.empty());
            UsageKey today = new UsageKey(e.readerId(), e.creatorId(), RewardPolicy.day(e));
            RewardPolicy.Decision decision = policy.decide(e,
                    current.map(s -> new RewardPolicy.Standing(s.amount(), s.sourcePost(), s.day())),
                    usage.getOrDefault(today, 0L));
            switch (decision) {
                case RewardPolicy.Grant g -> {
                    standing.put(key, Optional.of(new Standing(e.creatorId(), g.amount(), e.sourcePostId(), g.day(), id)));
                    touchedCredits.add(key);
                    usage.merge(today, g.amount(), Long::sum);
                    touchedUsage.add(today);
                    credits.add(line(id, e, g.amount(), g.rule(), null));
                }
                case RewardPolicy.Reverse r -> {
                    Standing was = current.orElseThrow();
                    standing.put(key, Optional.empty());
                    touchedCredits.add(key);
                    UsageKey granted = new UsageKey(e.readerId(), was.creator(), was.day());
                    usage.merge(granted, -r.amount(), Long::sum);
                    touchedUsage.add(granted);
                    credits.add(line(id, e, -r.amount(), r.rule(), was.eventId()));
                }
                case RewardPolicy.Reject r -> refusals.add(new Refusal(id, e.type(), r.rule(), r.detail(),
                        e.creatorId(), e.readerId(), e.postId()));
            }
        }

        session.doWork(c -> {
            writeStanding(c, touchedCredits, standing);
            writeUsage(c, touchedUsage, usage);
            writeRefusals(c, refusals, now);
        });
        ledger.recordCredits(period.id(), credits);
        ledger.record(trendEntries);
        hooks.runAfterWrite();
        metrics.counter("murmur.payout.events", "outcome", "applied").increment(credits.size() + trendEntries.size());
        metrics.counter("murmur.payout.events", "outcome", "rejected").increment(refusals.size());
        return new Result(credits.size() + trendEntries.size(), records.size() - fresh.size(), refusals.size());
    }

    /** The credit (or reversal) and its reason: the event, the rule, the post, who engaged. */
    private static Ledger.CreditLine line(UUID eventId, EngagementEvent e, long amount, String rule, UUID reverses) {
        return new Ledger.CreditLine(eventId, e.creatorId(), e.postId(), e.readerId(), e.sourcePostId(), amount, rule,
                e.type(), reverses, e.occurredAt());
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
        String idText = header(record, "ce_id");
        String type = header(record, "ce_type");
        UUID id;
        try {
            id = UUID.fromString(idText);
        } catch (RuntimeException e) {
            // No usable id: name the record by its position, so a redelivery is still recognised.
            id = UUID.nameUUIDFromBytes((record.topic() + "/" + record.partition() + "/" + record.offset()).getBytes(StandardCharsets.UTF_8));
            return new Parsed(id, type, null, "missing or invalid ce_id header");
        }
        if (TrendCreditEvent.TYPE.equals(type)) {
            try {
                TrendCreditEvent trend = json.readValue(record.value(), TrendCreditEvent.class);
                if (trend.schemaVersion() != TrendCreditEvent.SCHEMA_VERSION || trend.credits() <= 0 || trend.trendId() == null
                        || trend.occurredAt() == null) {
                    return new Parsed(id, type, null, "trend credit needs schemaVersion 1, a trend, a time and credits > 0");
                }
                return new Parsed(id, type, null, trend, null);
            } catch (Exception e) {
                return new Parsed(id, type, null, truncate("payload is not a trend credit event: " + e.getMessage()));
            }
        }
        try {
            EngagementEvent event = json.readValue(record.value(), EngagementEvent.class);
            if (event.kind() == null || event.action() == null || event.occurredAt() == null) {
                return new Parsed(id, type, null, "kind, action and occurredAt are required");
            }
            if (event.schemaVersion() != EngagementEvent.SCHEMA_VERSION) {
                return new Parsed(id, type, null, "unsupported schemaVersion " + event.schemaVersion());
            }
            if (!event.type().equals(type)) {
                return new Parsed(id, type, null, "ce_type " + type + " does not match the payload (" + event.type() + ")");
            }
            return new Parsed(id, type, event, null);
        } catch (Exception e) {
            return new Parsed(id, type, null, truncate("payload is not an engagement event: " + e.getMessage()));
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

    private static Set<UUID> markProcessed(Connection c, Set<UUID> ids, Instant now) throws SQLException {
        Set<UUID> fresh = new HashSet<>();
        try (PreparedStatement s = c.prepareStatement("""
                insert into processed_event (event_id, recorded_at) select unnest(?::uuid[]), ?
                on conflict do nothing returning event_id""")) {
            s.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            s.setTimestamp(2, Timestamp.from(now));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    fresh.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return fresh;
    }

    private static Map<CreditKey, Optional<Standing>> loadStanding(Connection c, List<EngagementEvent> events) throws SQLException {
        Map<CreditKey, Optional<Standing>> result = new HashMap<>();
        if (events.isEmpty()) {
            return result;
        }
        Long[] readers = events.stream().map(EngagementEvent::readerId).toArray(Long[]::new);
        Long[] posts = events.stream().map(EngagementEvent::postId).toArray(Long[]::new);
        String[] kinds = events.stream().map(e -> e.kind().name()).toArray(String[]::new);
        try (PreparedStatement s = c.prepareStatement("""
                select c.reader_id, c.post_id, c.kind, c.creator_id, c.amount, c.source_post_id, c.granted_day, c.event_id
                from engagement_credit c
                join (select distinct * from unnest(?::bigint[], ?::bigint[], ?::varchar[])) k(reader_id, post_id, kind)
                  using (reader_id, post_id, kind)""")) {
            s.setArray(1, c.createArrayOf("bigint", readers));
            s.setArray(2, c.createArrayOf("bigint", posts));
            s.setArray(3, c.createArrayOf("varchar", kinds));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    long source = rs.getLong(6);
                    result.put(new CreditKey(rs.getLong(1), rs.getLong(2), rs.getString(3)), Optional.of(new Standing(
                            rs.getLong(4), rs.getLong(5), rs.wasNull() ? null : source,
                            rs.getDate(7).toLocalDate(), rs.getObject(8, UUID.class))));
                }
            }
        }
        return result;
    }

    private static Map<UsageKey, Long> loadUsage(Connection c, Set<UsageKey> keys) throws SQLException {
        Map<UsageKey, Long> result = new HashMap<>();
        if (keys.isEmpty()) {
            return result;
        }
        try (PreparedStatement s = c.prepareStatement("""
                select u.reader_id, u.creator_id, u.day, u.credits from reward_daily_usage u
                join unnest(?::bigint[], ?::bigint[], ?::date[]) k(reader_id, creator_id, day) using (reader_id, creator_id, day)""")) {
            s.setArray(1, c.createArrayOf("bigint", keys.stream().map(UsageKey::reader).toArray()));
            s.setArray(2, c.createArrayOf("bigint", keys.stream().map(UsageKey::creator).toArray()));
            s.setArray(3, c.createArrayOf("date", keys.stream().map(k -> Date.valueOf(k.day())).toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    result.put(new UsageKey(rs.getLong(1), rs.getLong(2), rs.getDate(3).toLocalDate()), rs.getLong(4));
                }
            }
        }
        return result;
    }

    private static void writeStanding(Connection c, Set<CreditKey> touched, Map<CreditKey, Optional<Standing>> standing) throws SQLException {
        List<CreditKey> gone = new ArrayList<>();
        List<Map.Entry<CreditKey, Standing>> live = new ArrayList<>();
        for (CreditKey key : touched) {
            standing.get(key).ifPresentOrElse(st -> live.add(Map.entry(key, st)), () -> gone.add(key));
        }
        if (!gone.isEmpty()) {
            try (PreparedStatement s = c.prepareStatement("""
                    delete from engagement_credit c using unnest(?::bigint[], ?::bigint[], ?::varchar[]) k(reader_id, post_id, kind)
                    where c.reader_id = k.reader_id and c.post_id = k.post_id and c.kind = k.kind""")) {
                s.setArray(1, c.createArrayOf("bigint", gone.stream().map(CreditKey::reader).toArray()));
                s.setArray(2, c.createArrayOf("bigint", gone.stream().map(CreditKey::post).toArray()));
                s.setArray(3, c.createArrayOf("varchar", gone.stream().map(CreditKey::kind).toArray()));
                s.executeUpdate();
            }
        }
        if (live.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("""
                insert into engagement_credit (reader_id, post_id, kind, creator_id, amount, source_post_id, granted_day, event_id)
                select * from unnest(?::bigint[], ?::bigint[], ?::varchar[], ?::bigint[], ?::bigint[], ?::bigint[], ?::date[], ?::uuid[])
                on conflict (reader_id, post_id, kind) do update
                  set creator_id = excluded.creator_id, amount = excluded.amount, source_post_id = excluded.source_post_id,
                      granted_day = excluded.granted_day, event_id = excluded.event_id""")) {
            s.setArray(1, c.createArrayOf("bigint", live.stream().map(e -> e.getKey().reader()).toArray()));
            s.setArray(2, c.createArrayOf("bigint", live.stream().map(e -> e.getKey().post()).toArray()));
            s.setArray(3, c.createArrayOf("varchar", live.stream().map(e -> e.getKey().kind()).toArray()));
            s.setArray(4, c.createArrayOf("bigint", live.stream().map(e -> e.getValue().creator()).toArray()));
            s.setArray(5, c.createArrayOf("bigint", live.stream().map(e -> e.getValue().amount()).toArray()));
            s.setArray(6, c.createArrayOf("bigint", live.stream().map(e -> e.getValue().sourcePost()).toArray()));
            s.setArray(7, c.createArrayOf("date", live.stream().map(e -> Date.valueOf(e.getValue().day())).toArray()));
            s.setArray(8, c.createArrayOf("uuid", live.stream().map(e -> e.getValue().eventId()).toArray()));
            s.executeUpdate();
        }
    }

    private static void writeUsage(Connection c, Set<UsageKey> touched, Map<UsageKey, Long> usage) throws SQLException {
        if (touched.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("""
                insert into reward_daily_usage (reader_id, creator_id, day, credits)
                select * from unnest(?::bigint[], ?::bigint[], ?::date[], ?::bigint[])
                on conflict (reader_id, creator_id, day) do update set credits = excluded.credits""")) {
            s.setArray(1, c.createArrayOf("bigint", touched.stream().map(UsageKey::reader).toArray()));
            s.setArray(2, c.createArrayOf("bigint", touched.stream().map(UsageKey::creator).toArray()));
            s.setArray(3, c.createArrayOf("date", touched.stream().map(k -> Date.valueOf(k.day())).toArray()));
            s.setArray(4, c.createArrayOf("bigint", touched.stream().map(usage::get).toArray()));
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
                  as t(event_id, type, rule, detail, creator_id, reader_id, post_id)
                on conflict do nothing""")) {
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
