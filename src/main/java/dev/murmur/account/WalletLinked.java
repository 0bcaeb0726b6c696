package dev.murmur.account;

/**
 * Fired, synchronously and inside the linking transaction, when an address becomes an account's
 * wallet. Features that hold something for an address until its owner is known observe it (held
 * deposits, for one), without the account feature knowing about them.
 */
public record WalletLinked(long accountId, String address) {
}
