package dev.murmur.ledger;

/** A creator's net engagement credits in one period for one post (reversals included), for statements. */
public record PostCredits(long periodId, long postId, long credits) {
}
