package dev.murmur.chain;

import java.math.BigInteger;
import java.util.Optional;

/**
 * The node, as far as Murmur needs it: blocks, transactions and receipts over JSON-RPC. Nothing here
 * knows the payout contract or holds a key.
 */
public interface ChainRpc {

    /** The chain id of the connected node (31337 on the anvil dev chain). */
    BigInteger chainId();

    /** The latest block number. */
    BigInteger blockNumber();

    /** The timestamp of the latest block, in seconds. */
    long latestBlockTimestamp();

    /** The timestamp of a block of the canonical chain, in seconds. */
    long blockTimestamp(long blockNumber);

    /** The hash of a block of the canonical chain, or empty past the head. */
    Optional<String> blockHash(long blockNumber);

    /** Whether an address holds contract code. */
    boolean hasCode(String address);

    /** The outcome of broadcasting. {@code NONCE_USED}: the nonce is taken by a mined transaction. */
    enum SendResult { ACCEPTED, ALREADY_KNOWN, NONCE_USED }

    /** Broadcasts a signed transaction. Sending the same bytes again is harmless. */
    SendResult sendRaw(String raw);

    /** Whether the node knows the transaction (mined or in its pool). */
    boolean knowsTransaction(String hash);

    /** A mined transaction's outcome. {@code revertReason} is the decoded custom error when it failed. */
    record Receipt(String transactionHash, boolean success, long blockNumber, long gasUsed, String revertReason) {
    }

    Optional<Receipt> receipt(String transactionHash);
}
