package dev.murmur.chain;

import java.math.BigInteger;

/**
 * One of the payout contract's events that Murmur follows, decoded from its log. Each kind carries
 * exactly the fields the contract emits, so a consumer switches over the kinds instead of reading
 * fields that are null for the others. Addresses are lower-case; amounts are as the chain has them
 * (uint256, which may exceed a long).
 */
public sealed interface ContractEvent {

    /** Where the log sits in the chain: its block (number and hash), transaction and index in the block. */
    record LogPosition(long blockNumber, String blockHash, String transactionHash, long logIndex) {
    }

    LogPosition at();

    /** The event's name in the contract's ABI (what {@code chain_log.event} stores). */
    String name();

    /** {@code BatchSettled}: the operator settled batch {@code batchId}. */
    record BatchSettled(LogPosition at, long batchId, String root, BigInteger cumulativeTotal, String manifestHash, long claimableAt)
            implements ContractEvent {
        @Override
        public String name() {
            return "BatchSettled";
        }
    }

    /** {@code BatchVetoed}: {@code auditor} vetoed batch {@code batchId} in its challenge window. */
    record BatchVetoed(LogPosition at, long batchId, String auditor) implements ContractEvent {
        @Override
        public String name() {
            return "BatchVetoed";
        }
    }

    /** {@code Claimed}: {@code account} was paid {@code amount} under batch {@code batchId}, {@code cumulativeClaimed} in all. */
    record Claimed(LogPosition at, long batchId, String account, BigInteger amount, BigInteger cumulativeClaimed)
            implements ContractEvent {
        @Override
        public String name() {
            return "Claimed";
        }
    }

    /** {@code Deposited}: {@code from} put {@code amount} into the contract's escrow (a reader's tipping balance, or the operator's). */
    record Deposited(LogPosition at, String from, BigInteger amount) implements ContractEvent {
        @Override
        public String name() {
            return "Deposited";
        }
    }
}
