package dev.murmur.ledger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The double-entry journal's writer: the only writer of credit and money movements, and the keeper
 * of their invariants. Append-only (the database refuses updates and deletes); a correction is a
 * new, reversing entry. Every entry is checked to balance per unit, and to post to accounts of its
 * unit, before anything is written. Reads live apart: {@link LedgerQueries} (balances and
 * statements) and {@link WorkerLedgerQueries} (the payout worker's lookups).
 */
@ApplicationScoped
public class Ledger {

    private final EntityManager em;
    private final JournalRows rows;
    private final Clock clock;

    public Ledger(EntityManager em, JournalRows rows, Clock clock) {
        this.em = em;
        this.rows = rows;
        this.clock = clock;
    }

    /**
     * Checks that an entry balances per unit, posts each account once and in its own unit, and names
     * the pending entry it resolves exactly when its kind resolves one; throws
     * {@link UnbalancedEntryException} otherwise.
     */
    public static void requireBalanced(JournalEntry entry) {
        if (entry.postings().isEmpty()) {
            throw new UnbalancedEntryException("entry " + entry.kind() + " has no postings");
        }
        if (JournalEntry.RESOLVING.contains(entry.kind()) != (entry.resolves() != null)) {
            throw new UnbalancedEntryException("entry " + entry.kind() + (entry.resolves() == null
                    ? " must name the pending entry it resolves" : " resolves no pending entry"));
        }
        Map<String, Long> perUnit = new HashMap<>();
        Set<LedgerAccount> seen = new HashSet<>();
        for (JournalEntry.Posting p : entry.postings()) {
            if (p.amount() == 0) {
                throw new UnbalancedEntryException("zero posting to " + p.account());
            }
            if (!p.account().unit().equals(p.unit())) {
                throw new UnbalancedEntryException("posting in " + p.unit() + " to " + p.account() + ", which counts " + p.account().unit());
            }
            if (!seen.add(p.account())) {
                throw new UnbalancedEntryException("two postings to " + p.account() + " in " + p.unit());
            }
            perUnit.merge(p.unit(), p.amount(), Math::addExact);
        }
        perUnit.forEach((unit, sum) -> {
            if (sum != 0) {
                throw new UnbalancedEntryException("entry " + entry.kind() + " is off by " + sum + " " + unit);
            }
        });
    }

    /** Records entries in the caller's transaction, with two set-based inserts however many there are. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(List<JournalEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        entries.forEach(Ledger::requireBalanced);
        Instant now = clock.instant();
        em.unwrap(Session.class).doWork(connection -> rows.insertEntries(connection, entries, now));
    }

    /**
     * Records a batch of engagement credits and reversals in the caller's transaction: one journal
     * entry whose postings are each creator's net amount (and the pool's opposite), and one line
     * per event with its reason. A handful of statements and one COPY, however large the batch.
     * The lines' event ids are unique: an event can never move credit twice.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordCredits(long periodId, List<CreditLine> lines) {
        if (lines.isEmpty()) {
            return;
        }
        Map<Long, Long> net = new TreeMap<>();
        Instant occurred = Instant.MIN;
        for (CreditLine line : lines) {
            if (line.amount() == 0) {
                throw new UnbalancedEntryException("zero credit line for event " + line.eventId());
            }
            if (line.kind() == null || line.creditDay() == null) {
                throw new IllegalArgumentException("credit line for event " + line.eventId() + " needs a kind and a day");
            }
            net.merge(line.creatorId(), line.amount(), Math::addExact);
            occurred = line.occurredAt().isAfter(occurred) ? line.occurredAt() : occurred;
        }
        List<JournalEntry.Posting> postings = new ArrayList<>();
        long pool = 0;
        for (Map.Entry<Long, Long> creator : net.entrySet()) {
            if (creator.getValue() != 0) {
                postings.add(new JournalEntry.Posting(LedgerAccounts.creatorCredits(creator.getKey()), LedgerAccounts.CREDIT, creator.getValue()));
                pool -= creator.getValue();
            }
        }
        if (pool != 0) {
            postings.add(new JournalEntry.Posting(LedgerAccounts.ENGAGEMENT_POOL, LedgerAccounts.CREDIT, pool));
        }
        JournalEntry entry = postings.isEmpty() ? null : new JournalEntry(JournalEntry.Kind.ENGAGEMENT_CREDIT, null, periodId,
                occurred, Map.of("rule", "engagement-batch", "events", lines.size(), "lines", "journal_credit_line"), postings);
        if (entry != null) {
            requireBalanced(entry);
        }
        Instant now = clock.instant();
        em.unwrap(Session.class).doWork(connection -> {
            Long entryId = entry == null ? null : rows.insertEntries(connection, List.of(entry), now)[0];
            rows.copyCreditLines(connection, periodId, entryId, lines, now);
        });
    }
}
