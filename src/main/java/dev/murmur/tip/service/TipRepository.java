package dev.murmur.tip.service;

import dev.murmur.common.SqlTimes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.persistence.Tuple;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

import static dev.murmur.common.SqlRows.nullableNumber;
import static dev.murmur.common.SqlRows.number;

/**
 * The SQL of tips and withdrawals. Every value is a bound parameter, and rows map to records by
 * column name in one place per record. Joins the caller's transaction ({@link TipService} decides it).
 */
@ApplicationScoped
public class TipRepository {

    /** A tip as a list shows it, in base units: {@code counterpart} is the other side's handle (null when hidden). */
    public record TipRow(long id, long amount, long fee, String message, Long post, Instant at, String counterpart, boolean anonymous) {
    }

    /** A withdrawal, in base units. */
    public record WithdrawalRow(long id, long amount, Instant at, UUID entryEvent) {
    }

    private final EntityManager em;

    public TipRepository(EntityManager em) {
        this.em = em;
    }

    /** Stores a tip on the terms quoted, booked by the ledger entry {@code entryEvent}, and returns it with its id. */
    TipService.Tip insertTip(long tipperId, long creatorId, Long postId, TipService.Quote terms, String message, boolean anonymous,
                             UUID entryEvent, Instant at) {
        long id = ((Number) em.createNativeQuery("""
                        insert into tip (tipper_id, creator_id, post_id, amount, fee, fee_bps, message, anonymous, entry_event, created_at)
                        values (:tipper, :creator, :post, :amount, :fee, :bps, :message, :anon, :entry, :now) returning id""")
                .setParameter("tipper", tipperId).setParameter("creator", creatorId).setParameter("post", postId)
                .setParameter("amount", terms.amount()).setParameter("fee", terms.fee()).setParameter("bps", terms.feeBps())
                .setParameter("message", message).setParameter("anon", anonymous).setParameter("entry", entryEvent)
                .setParameter("now", at)
                .getSingleResult()).longValue();
        return new TipService.Tip(id, tipperId, creatorId, postId, terms.amount(), terms.fee(), message, anonymous, at);
    }

    TipService.Tip tip(long id) {
        Tuple r = tuples("""
                select tipper_id, creator_id, post_id, amount, fee, message, anonymous, created_at from tip where id = :id""",
                q -> q.setParameter("id", id)).getFirst();
        return new TipService.Tip(id, number(r, "tipper_id"), number(r, "creator_id"), nullableNumber(r, "post_id"),
                number(r, "amount"), number(r, "fee"), r.get("message", String.class), r.get("anonymous", Boolean.class),
                SqlTimes.instant(r.get("created_at")));
    }

    /** Tips a creator received, newest first; the tipper's handle is null when the tip is anonymous. */
    List<TipRow> received(long creatorId, int limit) {
        return tipRows("""
                select t.id, t.amount, t.fee, t.message, t.post_id, t.created_at,
                       case when t.anonymous then null else a.handle end as counterpart, t.anonymous
                from tip t join account a on a.id = t.tipper_id
                where t.creator_id = :id order by t.id desc limit :limit""", creatorId, limit);
    }

    /** Tips an account sent, newest first, with the creator's handle. */
    List<TipRow> sent(long tipperId, int limit) {
        return tipRows("""
                select t.id, t.amount, t.fee, t.message, t.post_id, t.created_at, a.handle as counterpart, t.anonymous
                from tip t join account a on a.id = t.creator_id
                where t.tipper_id = :id order by t.id desc limit :limit""", tipperId, limit);
    }

    long insertWithdrawal(long accountId, long amount, UUID entryEvent, Instant at) {
        return ((Number) em.createNativeQuery("""
                        insert into withdrawal (account_id, amount, entry_event, created_at) values (:a, :amount, :e, :now) returning id""")
                .setParameter("a", accountId).setParameter("amount", amount).setParameter("e", entryEvent).setParameter("now", at)
                .getSingleResult()).longValue();
    }

    long withdrawalAmount(long id) {
        return ((Number) em.createNativeQuery("select amount from withdrawal where id = :id").setParameter("id", id)
                .getSingleResult()).longValue();
    }

    List<WithdrawalRow> withdrawals(long accountId, int limit) {
        return tuples("""
                select id, amount, created_at, entry_event from withdrawal where account_id = :a order by id desc limit :limit""",
                q -> q.setParameter("a", accountId).setParameter("limit", limit)).stream()
                .map(r -> new WithdrawalRow(number(r, "id"), number(r, "amount"), SqlTimes.instant(r.get("created_at")),
                        r.get("entry_event", UUID.class)))
                .toList();
    }

    /** Takes the account's tipping-balance lock until the transaction ends. */
    void lockBalance(long accountId) {
        em.createNativeQuery("select pg_advisory_xact_lock(hashtextextended(:k, 0))")
                .setParameter("k", "tipping-balance/" + accountId).getSingleResult();
    }

    private List<TipRow> tipRows(String sql, long id, int limit) {
        return tuples(sql, q -> q.setParameter("id", id).setParameter("limit", limit)).stream()
                .map(r -> new TipRow(number(r, "id"), number(r, "amount"), number(r, "fee"), r.get("message", String.class),
                        nullableNumber(r, "post_id"), SqlTimes.instant(r.get("created_at")), r.get("counterpart", String.class),
                        Boolean.TRUE.equals(r.get("anonymous", Boolean.class))))
                .toList();
    }

    @SuppressWarnings("unchecked")
    private List<Tuple> tuples(String sql, UnaryOperator<Query> bind) {
        return bind.apply(em.createNativeQuery(sql, Tuple.class)).getResultList();
    }
}
