package dev.murmur.ledger;

/** A journal entry that does not sum to zero per unit: a programming error, never persisted. */
public class UnbalancedEntryException extends IllegalArgumentException {
    public UnbalancedEntryException(String message) {
        super(message);
    }
}
