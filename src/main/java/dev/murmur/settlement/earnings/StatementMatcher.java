package dev.murmur.settlement.earnings;

import dev.murmur.settlement.earnings.StatementService.Kind;
import dev.murmur.settlement.earnings.StatementService.Line;
import dev.murmur.settlement.earnings.StatementService.Status;
import dev.murmur.tip.service.TokenAmounts;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Matches what batches carry to what the creator earned, first in, first out (decision 0901): the
 * oldest source is the first one paid, a source that spans two payments is cut into two lines, and
 * what no payment carries yet is unsettled. Pure: the sources and payments come from
 * {@link StatementSources}, so the rule has unit tests of its own.
 */
final class StatementMatcher {

    /** An amount that put tokens into the creator's unsettled account, as the statement names it. */
    record Source(Instant date, Kind kind, long periodId, Long postId, String trendId, String trendTag, long credits,
                  long amount, String eventId) {
    }

    /** An amount a batch carries for the creator, and where it stands. */
    record Paid(Status status, long amount, Long batchId, Long chainBatchId, String txHash) {
    }

    private StatementMatcher() {
    }

    /**
     * The statement's lines: each source in order, paid by the payments in order.
     *
     * @throws IllegalStateException when the payments carry more than the sources earned: the ledger
     *                               would be broken, and the statement says so rather than hide it
     */
    static List<Line> match(long accountId, List<Source> sources, List<Paid> payments, int decimals) {
        Deque<Paid> paid = new ArrayDeque<>(payments);
        List<Line> lines = new ArrayList<>();
        for (Source s : sources) {
            long left = s.amount();
            while (left > 0 && !paid.isEmpty()) {
                Paid p = paid.removeFirst();
                long take = Math.min(left, p.amount());
                lines.add(line(s, take, p.status(), p.batchId(), p.chainBatchId(), p.txHash(), decimals));
                left -= take;
                if (p.amount() > take) {
                    paid.addFirst(new Paid(p.status(), p.amount() - take, p.batchId(), p.chainBatchId(), p.txHash()));
                }
            }
            if (left > 0) {
                lines.add(line(s, left, Status.UNSETTLED, null, null, null, decimals));
            }
        }
        if (!paid.isEmpty()) {
            throw new IllegalStateException("account " + accountId + ": batches carry " + paid.stream().mapToLong(Paid::amount).sum()
                    + " more than its sources");
        }
        return lines;
    }

    private static Line line(Source s, long amount, Status status, Long batchId, Long chainBatchId, String txHash, int decimals) {
        return new Line(s.date(), s.kind(), s.periodId(), s.postId(), s.trendId(), s.trendTag(), s.credits(), amount,
                TokenAmounts.toTokens(amount, decimals), status, batchId, chainBatchId, txHash, s.eventId());
    }
}
