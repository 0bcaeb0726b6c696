package dev.murmur.ledger;

import dev.murmur.common.SqlRows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.LocalDate;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What the journal says, for the payout worker: one statement per batch each, in the worker's
 * applying transaction.
 */
@ApplicationScoped
public class WorkerLedgerQueries {

    private final EntityManager em;

    public WorkerLedgerQueries(EntityManager em) {
        this.em = em;
    }

    /**
     * Which events the ledger has already recorded: of {@code lineIds}, those with a credit line; of
     * {@code entryIds}, those that caused a journal entry. Both are unique on the event id.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Set<UUID> recordedEvents(Collection<UUID> lineIds, Collection<UUID> entryIds) {
        if (lineIds.isEmpty() && entryIds.isEmpty()) {
            return new HashSet<>();
        }
        return new HashSet<>(JournalQuery.list(em, """
                        select event_id from journal_credit_line where event_id = any(?::uuid[])
                        union all
                        select event_id from journal_entry where event_id = any(?::uuid[])""",
                (c, s) -> {
                    s.setArray(1, c.createArrayOf("uuid", lineIds.toArray()));
                    s.setArray(2, c.createArrayOf("uuid", entryIds.toArray()));
                },
                row -> row.getObject("event_id", UUID.class)));
    }

    /** Every credit line of the given creators, in no particular order: the payout worker's state, loaded whole. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<PolicyLine> policyLines(Collection<Long> creators) {
        if (creators.isEmpty()) {
            return new java.util.ArrayList<>();
        }
        return JournalQuery.list(em, """
                        select event_id, creator_id, post_id, reader_id, source_post_id, amount, reverses, kind, credit_day
                        from journal_credit_line where creator_id = any(?::bigint[])""",
                (c, s) -> s.setArray(1, c.createArrayOf("bigint", creators.toArray())),
                row -> new PolicyLine(row.getObject("event_id", UUID.class), row.getLong("creator_id"), row.getLong("post_id"),
                        SqlRows.nullableNumber(row, "reader_id"), SqlRows.nullableNumber(row, "source_post_id"),
                        row.getLong("amount"), row.getObject("reverses", UUID.class), row.getString("kind"),
                        row.getObject("credit_day", LocalDate.class)));
    }
}
