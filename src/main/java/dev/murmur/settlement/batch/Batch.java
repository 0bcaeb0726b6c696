package dev.murmur.settlement.batch;

import java.time.Instant;

/**
 * A settlement batch as services and APIs see it. {@code id} is Murmur's own sequence;
 * {@code chainBatchId} is the contract's batch id (a FAILED batch never reached the chain, so the
 * next batch takes the same chain batch id). {@code cumulativeEscrow} is the part of {@code cumulativeTotal}
 * that reader deposits back (tips and withdrawals), sent with the settle (decision 0621).
 * {@code submitRequestedAt}: when an operator asked for the submit, which the settler then signs and
 * sends (decision 0611).
 */
public record Batch(long id, long chainBatchId, Status status, long chainId, String contract, String root,
                    long cumulativeTotal, long deltaTotal, Long periodsFrom, Long periodsThrough, String manifestHash,
                    int creators, Instant createdAt, Instant submittedAt, Instant confirmedAt, Instant endedAt,
                    String txHash, Long blockNumber, Long gasUsed, Instant claimableAt, String failure, String lastError,
                    long cumulativeEscrow, Instant submitRequestedAt) {

    public enum Status {
        DRAFT, SUBMITTED, CONFIRMED, FINAL, VETOED, FAILED, DISCARDED;

        public boolean open() {
            return this == DRAFT || this == SUBMITTED || this == CONFIRMED;
        }
    }
}
