package dev.murmur.settlement.batch;

import dev.murmur.ledger.JournalEntry;
import dev.murmur.ledger.Ledger;
import dev.murmur.ledger.LedgerAccount;
import dev.murmur.ledger.LedgerAccounts;
import dev.murmur.outbox.Outbox;
import dev.murmur.outbox.Topics;
import dev.murmur.settlement.batch.plan.Entitlements;
import dev.murmur.period.PeriodService;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongFunction;

/**
 * A batch's ledger entries: its creators' deltas move unsettled -> pending (submit) -> settled (FINAL),
 * or pending -> unsettled (FAILED, VETOED) so they roll into the next batch. Each entry's event id is
 * stable per batch and kind, so the ledger books it once however often a step is retried. Called
 * inside the state machine's transaction that moves the batch ({@link SettleMachine}).
 */
@ApplicationScoped
public class BatchBooking {

    private final Ledger ledger;
    private final BatchRepository repository;
    private final PeriodService periods;
    private final Outbox outbox;

    public BatchBooking(Ledger ledger, BatchRepository repository, PeriodService periods, Outbox outbox) {
        this.ledger = ledger;
        this.repository = repository;
        this.periods = periods;
        this.outbox = outbox;
    }

    void pending(Batch b, Instant now) {
        book(b, JournalEntry.Kind.SETTLEMENT_PENDING, LedgerAccounts::creatorUnsettled, LedgerAccounts::creatorPending, now);
    }

    /** FINAL: pending becomes settled, and each account hears what the batch settled for it (notifications). */
    void posted(Batch b, Instant now) {
        book(b, JournalEntry.Kind.SETTLEMENT_POSTED, LedgerAccounts::creatorPending, LedgerAccounts::creatorSettled, now);
        deltas(b).forEach((account, amount) -> {
            EarningsSettledEvent event = new EarningsSettledEvent(EarningsSettledEvent.SCHEMA_VERSION, b.id(), b.chainBatchId(),
                    account, amount, now);
            outbox.append(EarningsSettledEvent.eventId(b.id(), account), Topics.SETTLEMENTS, event.key(),
                    EarningsSettledEvent.TYPE, event.subject(), event);
        });
    }

    void voided(Batch b, Instant now) {
        book(b, JournalEntry.Kind.SETTLEMENT_VOIDED, LedgerAccounts::creatorPending, LedgerAccounts::creatorUnsettled, now);
    }

    /**
     * The period a batch's ledger entries count in: the last period it covers, or, for a batch of
     * tips and withdrawals only (no period closed yet), the open period in which it happens.
     */
    public long ledgerPeriod(Batch batch) {
        return batch.periodsThrough() != null ? batch.periodsThrough() : periods.current().id();
    }

    private Map<Long, Long> deltas(Batch b) {
        return Entitlements.deltasByAccount(repository.entitlements(b.id()));
    }

    /**
     * One balanced entry moving each creator's delta from one account to another. A posted or voided
     * entry names the batch's pending entry it resolves (pending_id, decision 1110).
     */
    private void book(Batch b, JournalEntry.Kind kind, LongFunction<LedgerAccount> from, LongFunction<LedgerAccount> to,
                      Instant now) {
        List<JournalEntry.Posting> postings = new ArrayList<>();
        deltas(b).forEach((account, delta) -> {
            postings.add(new JournalEntry.Posting(from.apply(account), LedgerAccounts.TOKEN, -delta));
            postings.add(new JournalEntry.Posting(to.apply(account), LedgerAccounts.TOKEN, delta));
        });
        JournalEntry entry = new JournalEntry(kind, bookingId(b, kind), ledgerPeriod(b), now,
                Map.of("batch", b.id(), "chainBatchId", b.chainBatchId(), "root", b.root()), postings);
        ledger.record(List.of(kind == JournalEntry.Kind.SETTLEMENT_PENDING ? entry
                : entry.resolving(bookingId(b, JournalEntry.Kind.SETTLEMENT_PENDING))));
    }

    /** Stable per batch and kind, so the ledger books each entry once however often a step is retried. */
    private static UUID bookingId(Batch b, JournalEntry.Kind kind) {
        return UUID.nameUUIDFromBytes((kind.name() + ":settlement-batch:" + b.id()).getBytes(StandardCharsets.UTF_8));
    }
}
