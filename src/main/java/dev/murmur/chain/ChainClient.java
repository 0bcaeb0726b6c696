package dev.murmur.chain;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * Everything Murmur asks of the chain. Business code talks to this interface and never to web3j
 * or keys; {@link Web3jChainClient} is the one implementation. Amounts are payout-token base units;
 * hashes and roots are 0x-prefixed hex.
 */
public interface ChainClient {

    /** The chain id of the connected node (31337 on the anvil dev chain). */
    BigInteger chainId();

    /** The latest block number. */
    BigInteger blockNumber();

    /** The timestamp of the latest block, in seconds. */
    long latestBlockTimestamp();

    /** The payout contract this client settles to. */
    String payoutsAddress();

    /** The payout token (ERC-20) the contract pays in and takes deposits of. */
    String tokenAddress();

    /** The signing key's address (in the settler: the operator, the signer of {@code settle}); null for a read-only client. */
    String operatorAddress();

    // ------------------------------------------------------------------ settle, signed and sent apart

    /** A signed transaction that has not necessarily been broadcast. {@code raw} is what {@link #sendRaw} takes. */
    record SignedTransaction(String raw, String hash, long nonce, BigInteger maxFeePerGas, BigInteger maxPriorityFeePerGas) {
    }

    /** The operator's next nonce, counting transactions the node holds in its pool. */
    long pendingNonce();

    /**
     * Signs (does not send) {@code settle(batchId, root, cumulativeTotal, cumulativeEscrow, manifestHash)} from
     * the operator key at {@code nonce}, with EIP-1559 fees from the node, each at least {@code minFees} (if
     * given) plus the 12.5% a node requires to replace a transaction at the same nonce. {@code cumulativeEscrow}
     * is the part of the total that reader deposits back (tips and withdrawals); the contract checks the rest
     * against the reward pool alone.
     */
    SignedTransaction signSettle(long batchId, String root, BigInteger cumulativeTotal, BigInteger cumulativeEscrow,
                                 String manifestHash, long nonce, Optional<SignedTransaction> replacing);

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

    // ------------------------------------------------------------------ contract state

    /** A batch as the contract stores it; {@code root} is all zeros for a batch never settled. */
    record Batch(long batchId, String root, BigInteger cumulativeTotal, long settledAt, long claimableAt, boolean vetoed) {
        public boolean exists() {
            return settledAt != 0;
        }
    }

    Batch batch(long batchId);

    /** The batch as the contract stored it at {@code blockNumber} (an {@code eth_call} at that block). */
    Batch batchAt(long batchId, long blockNumber);

    /** The timestamp of a block of the canonical chain, in seconds. */
    long blockTimestamp(long blockNumber);

    long lastBatchId();

    /** The cumulative total of the latest settled, non-vetoed batch. */
    BigInteger settledCumulativeTotal();

    /** Everything added to the contract's reward pool ({@code fundRewards}); only it pays rewards. */
    BigInteger rewardFunded();

    /** Everything readers deposited into the contract's escrow ({@code deposit}); only it pays tips and withdrawals. */
    BigInteger escrowDeposited();

    BigInteger tokenBalance(String account);

    /** The {@code BatchSettled} events in a block range, from {@code eth_getLogs}. */
    record BatchSettled(long batchId, String root, BigInteger cumulativeTotal, String manifestHash, long claimableAt,
                        String transactionHash, long blockNumber) {
    }

    List<BatchSettled> batchSettledEvents(long fromBlock, long toBlock);

    /** The hash of a block of the canonical chain, or empty past the head. */
    Optional<String> blockHash(long blockNumber);

    /**
     * One of the payout contract's logs the listener follows ({@code BatchSettled}, {@code BatchVetoed},
     * {@code Claimed}, {@code Deposited}). Fields an event does not have are null:
     * {@code batchId} (settled, vetoed, claimed), {@code address} (claimed: the account; deposited: the
     * sender; vetoed: the auditor), {@code amount} (claimed, deposited), {@code cumulative} (claimed: the
     * account's cumulative claimed; settled: the batch's cumulative total), {@code root},
     * {@code manifestHash} and {@code claimableAt} (settled).
     */
    record ContractLog(String event, long blockNumber, String blockHash, String transactionHash, long logIndex, Long batchId,
                       String address, BigInteger amount, BigInteger cumulative, String root, String manifestHash, Long claimableAt) {
    }

    /**
     * The contract's logs of those four events in a block range, in chain order, from {@code eth_getLogs}.
     * Amounts are as the chain has them, up to uint256.
     *
     * @throws LogRangeRefusedException when the node refuses the range or does not answer in time: ask for fewer blocks
     */
    List<ContractLog> contractLogs(long fromBlock, long toBlock);

    /** The latest batch that is claimable now (0 if none). */
    long latestClaimableBatchId();

    /** Everything {@code account} has claimed. */
    BigInteger claimed(String account);

    /** Everything claimed by all accounts. */
    BigInteger totalClaimed();

    /** The calldata of {@code claim(account, cumulativeAmount, proof)}, ready to send to {@link #payoutsAddress()}. */
    String claimCalldata(String account, BigInteger cumulativeAmount, List<String> proof);

    /** Sends {@code calldata} to the payout contract from the signing (operator) key and waits for the receipt. */
    Receipt sendToPayouts(String calldata);

    // ------------------------------------------------------------------ other operations (each waits for its receipt)

    /** Approves and deposits {@code amount} from the signing key into the payout contract's reader escrow. */
    Receipt deposit(BigInteger amount);

    /** Approves and adds {@code amount} from the signing key to the payout contract's reward pool. */
    Receipt fundRewards(BigInteger amount);

    /** Sends {@code amount} of the payout token from the signing key to {@code to} (dev chains: the demo's faucet). */
    Receipt transferTokens(String to, BigInteger amount);

    /**
     * Vetoes a batch from this client's signing key. Murmur's servers never call it: only the auditor's
     * own CLI ({@code ./murmur audit veto}), whose client signs with the auditor's key (decision 0612).
     */
    Receipt veto(long batchId);

    /** The calldata of {@code veto(batchId)}, for the auditor's own wallet to sign and send to {@link #payoutsAddress()}. */
    String vetoCalldata(long batchId);

    /** Claims for {@code account} from the operator key (anyone may claim for anyone). */
    Receipt claim(String account, BigInteger cumulativeAmount, List<String> proof);

    /** What {@code claim} would pay now. */
    BigInteger claimable(String account, BigInteger cumulativeAmount, List<String> proof);

    /** Whether an address holds contract code. */
    boolean hasCode(String address);
}
