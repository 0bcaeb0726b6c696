package dev.murmur.trend.service;

import dev.murmur.common.UserText;
import dev.murmur.common.SqlTimes;
import dev.murmur.common.SqlRows;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.murmur.post.service.Hashtags;
import dev.murmur.problem.ApiException;
import dev.murmur.problem.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/** Reads trends, their attribution and a creator's trend credits; operators moderate tags. */
@ApplicationScoped
public class TrendService {

    public record TrendSummary(String id, String tag, String status, Instant detectedAt, Instant endedAt, double detectionScore,
                               double peakScore, long credits) {
    }

    public record Point(long bucket, String startsAt, int accounts) {
    }

    public record ShareView(long accountId, String handle, int bps, List<String> roles, List<String> reasons, long credits) {
    }

    public record TrendDetail(TrendSummary trend, List<Point> timeline, List<ShareView> shares) {
    }

    public record CreditView(String trendId, String tag, String status, int bps, long credits, List<String> roles,
                             List<String> reasons, Instant detectedAt) {
    }

    public record TagModeration(String tag, boolean trendable, String reason, long updatedBy, Instant updatedAt) {
    }

    private static final Pattern TAG = Pattern.compile("#?[\\p{L}\\p{M}\\p{N}_]{1,64}");

    private final EntityManager em;
    private final ObjectMapper json;
    private final Clock clock;

    public TrendService(EntityManager em, ObjectMapper json, Clock clock) {
        this.em = em;
        this.json = json;
        this.clock = clock;
    }

    /** Trends in progress, highest score first; suppressed tags are not listed. */
    public List<TrendSummary> current(int limit) {
        return summaries(em.createNativeQuery(SUMMARY + " where status = 'TRENDING' order by peak_score desc, detected_at limit :limit",
                Tuple.class).setParameter("limit", limit));
    }

    /** Trends that ended recently (newest first): where their credits came from. Suppressed tags stay hidden. */
    public List<TrendSummary> recentlyEnded(int limit) {
        return summaries(em.createNativeQuery(SUMMARY + " where status = 'ENDED' order by ended_at desc limit :limit", Tuple.class)
                .setParameter("limit", limit));
    }

    public TrendDetail detail(String id) {
        UUID uuid = parseId(id);
        List<TrendSummary> found = summaries(em.createNativeQuery(SUMMARY + " where id = :id", Tuple.class).setParameter("id", uuid));
        if (found.isEmpty()) {
            throw ApiException.notFound("Trend " + id);
        }
        TrendSummary trend = found.getFirst();
        if (trend.status().equals("SUPPRESSED")) {
            throw new ApiException(ProblemType.TREND_SUPPRESSED, "#" + trend.tag() + " is not trendable");
        }
        String timelineJson = (String) em.createNativeQuery("select cast(timeline as text) from trend where id = :id")
                .setParameter("id", uuid).getSingleResult();
        List<Point> timeline = read(timelineJson, new TypeReference<>() { });
        @SuppressWarnings("unchecked")
        List<Tuple> rows = em.createNativeQuery("""
                        select s.account_id, a.handle, s.bps, cast(s.roles as text) as roles, cast(s.reasons as text) as reasons, s.credits
                        from trend_share s left join account a on a.id = s.account_id
                        where s.trend_id = :id order by s.bps desc, s.account_id""", Tuple.class)
                .setParameter("id", uuid).getResultList();
        List<ShareView> shares = rows.stream().map(r -> new ShareView(SqlRows.number(r, "account_id"), r.get("handle", String.class),
                (int) SqlRows.number(r, "bps"), strings(r, "roles"), strings(r, "reasons"), SqlRows.number(r, "credits"))).toList();
        return new TrendDetail(trend, timeline, shares);
    }

    /** The trends an account has a share of, newest first. */
    public List<CreditView> creditsOf(long accountId) {
        @SuppressWarnings("unchecked")
        List<Tuple> rows = em.createNativeQuery("""
                        select cast(t.id as text) as trend_id, t.tag, t.status, s.bps, s.credits, cast(s.roles as text) as roles,
                               cast(s.reasons as text) as reasons, t.detected_at
                        from trend_share s join trend t on t.id = s.trend_id
                        where s.account_id = :a order by t.detected_at desc, t.id limit 500""", Tuple.class)
                .setParameter("a", accountId).getResultList();
        return rows.stream().map(r -> new CreditView(r.get("trend_id", String.class), r.get("tag", String.class),
                r.get("status", String.class), (int) SqlRows.number(r, "bps"), SqlRows.number(r, "credits"), strings(r, "roles"),
                strings(r, "reasons"), SqlTimes.instant(r.get("detected_at")))).toList();
    }

    /**
     * Marks a tag trendable or not. Not trendable: the detector stops counting it, a trend in
     * progress is suppressed (it leaves the public list and, since credits are awarded when a trend
     * ends, earns nothing). Takes the detector's lock, so no batch is half-way through the tag.
     */
    @Transactional
    public TagModeration setTrendable(long operatorId, String rawTag, boolean trendable, String reason) {
        String tag = key(rawTag);
        // Typed text like any other: no NUL (PostgreSQL refuses it), no control or direction characters.
        String why = reason == null ? "" : UserText.clean("reason", reason, 300);
        em.createNativeQuery("select id from trend_detector where id = 1 for update").getSingleResult();
        Instant now = clock.instant();
        em.createNativeQuery("""
                        insert into trend_tag_moderation (tag, trendable, reason, updated_by, updated_at) values (:t, :ok, :r, :by, :now)
                        on conflict (tag) do update set trendable = excluded.trendable, reason = excluded.reason,
                                                       updated_by = excluded.updated_by, updated_at = excluded.updated_at""")
                .setParameter("t", tag).setParameter("ok", trendable).setParameter("r", why).setParameter("by", operatorId)
                .setParameter("now", now).executeUpdate();
        if (!trendable) {
            em.createNativeQuery("update trend set status = 'SUPPRESSED', updated_at = :now where tag = :t and status = 'TRENDING'")
                    .setParameter("t", tag).setParameter("now", now).executeUpdate();
            em.createNativeQuery("delete from trend_tag_state where tag = :t").setParameter("t", tag).executeUpdate();
        }
        return new TagModeration(tag, trendable, why, operatorId, now);
    }

    public List<TagModeration> moderatedTags() {
        @SuppressWarnings("unchecked")
        List<Tuple> rows = em.createNativeQuery("""
                        select tag, trendable, reason, updated_by, updated_at from trend_tag_moderation order by tag""", Tuple.class)
                .getResultList();
        return rows.stream().map(r -> new TagModeration(r.get("tag", String.class), r.get("trendable", Boolean.class),
                r.get("reason", String.class), SqlRows.number(r, "updated_by"), SqlTimes.instant(r.get("updated_at")))).toList();
    }

    /** The trend key of what an operator typed: "#Climate_Change" and "climatechange" are the same tag. */
    static String key(String raw) {
        if (raw == null || !TAG.matcher(raw).matches() || raw.replace("#", "").chars().allMatch(Character::isDigit)) {
            throw ApiException.field(ProblemType.INVALID_TAG, "tag", "must be a hashtag: 1 to 64 letters, digits or _, not only digits");
        }
        String key = Hashtags.trendKey(raw.startsWith("#") ? raw.substring(1) : raw);
        if (key.isEmpty()) {
            throw ApiException.field(ProblemType.INVALID_TAG, "tag", "must contain a letter or digit");
        }
        return key;
    }

    private static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("Trend " + id);
        }
    }

    /** One trend's row, mapped by column name in {@link #summaries}; each caller appends a constant clause with bound values. */
    private static final String SUMMARY = """
            select cast(id as text) as id, tag, status, detected_at, ended_at, detection_score, peak_score, credits from trend""";

    private static List<TrendSummary> summaries(Query query) {
        @SuppressWarnings("unchecked")
        List<Tuple> rows = query.getResultList();
        return rows.stream().map(r -> new TrendSummary(r.get("id", String.class), r.get("tag", String.class), r.get("status", String.class),
                SqlTimes.instant(r.get("detected_at")), SqlTimes.instant(r.get("ended_at")), r.get("detection_score", Number.class).doubleValue(),
                r.get("peak_score", Number.class).doubleValue(), SqlRows.number(r, "credits"))).toList();
    }

    /** A jsonb array of strings, read as text under {@code column}. */
    private List<String> strings(Tuple row, String column) {
        return read(row.get(column, String.class), new TypeReference<>() { });
    }

    private <T> T read(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }


}
