package dev.murmur.chain;

import java.math.BigInteger;
import java.util.List;

/**
 * The payout contract and its token, read: batches, pools, claims and the contract's events, plus
 * the calldata of the calls a user's own wallet signs. Reading needs no key.
 */
public interface PayoutsContract {

    /** The payout contract this client settles to. */
    String payoutsAddress();

    /** The payout token (any ERC-20) the contract pays in and takes deposits of. */
    String tokenAddress();

    /** A batch as the contract stores it; {@code root} is all zeros for a batch never settled. */
    record Batch(long batchId, String root, BigInteger cumulativeTotal, long settledAt, long claimableAt, boolean vetoed) {
        public boolean exists() {
            return settledAt != 0;
        }
    }

    Batch batch(long batchId);

    /** The batch as the contract stored it at {@code blockNumber} (an {@code eth_call} at that block). */
    Batch batchAt(long batchId, long blockNumber);

    long lastBatchId();

    /** The latest batch that is claimable now (0 if none). */
    long latestClaimableBatchId();

    /** The cumulative total of the latest settled, non-vetoed batch. */
    BigInteger settledCumulativeTotal();

    /** Everything added to the contract's reward pool ({@code fundRewards}); only it pays rewards. */
    BigInteger rewardFunded();

    /** Everything readers deposited into the contract's escrow ({@code deposit}); only it pays tips and withdrawals. */
    BigInteger escrowDeposited();

    /** Everything {@code account} has claimed. */
    BigInteger claimed(String account);

    /** Everything claimed by all accounts. */
    BigInteger totalClaimed();

    /** What {@code claim} would pay now. */
    BigInteger claimable(String account, BigInteger cumulativeAmount, List<String> proof);

    /** The payout token balance of {@code account}, read through the plain ERC-20 interface. */
    BigInteger tokenBalance(String account);

    /**
     * The contract's {@code BatchSettled}, {@code BatchVetoed}, {@code Claimed} and {@code Deposited} events
     * in a block range, in chain order, from {@code eth_getLogs}. Logs the node marks removed are left out.
     *
     * @throws LogRangeRefusedException when the node refuses the range or does not answer in time: ask for fewer blocks
     */
    List<ContractEvent> contractEvents(long fromBlock, long toBlock);

    /** The calldata of {@code claim(account, cumulativeAmount, proof)}, ready to send to {@link #payoutsAddress()}. */
    String claimCalldata(String account, BigInteger cumulativeAmount, List<String> proof);

    /** The calldata of {@code veto(batchId)}, for the auditor's own wallet to sign and send to {@link #payoutsAddress()}. */
    String vetoCalldata(long batchId);
}
