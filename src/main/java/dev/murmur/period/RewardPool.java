package dev.murmur.period;

import dev.murmur.chain.ChainClient;
import dev.murmur.ledger.LedgerQueries;
import dev.murmur.ledger.LedgerAccounts;
import dev.murmur.problem.ApiException;
import dev.murmur.problem.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import java.math.BigInteger;

/**
 * The reward side of the payout contract's two pools (decision 0621). Rewards are paid only from what
 * was funded through {@code fundRewards}; reader deposits (the tipping escrow) never count. This class
 * keeps the ledger within that pool: a period budget must fit what is funded and not yet given to
 * creators, and a batch tells the contract which part of its total the escrow backs.
 */
@ApplicationScoped
public class RewardPool {

    private final LedgerQueries ledger;
    private final Instance<ChainClient> chain;

    public RewardPool(LedgerQueries ledger, Instance<ChainClient> chain) {
        this.ledger = ledger;
        this.chain = chain;
    }

    /** Rewards given to creators by every closed period: each close debits {@link LedgerAccounts#REWARD_FUNDING}. */
    public long distributed() {
        return -ledger.balance(LedgerAccounts.REWARD_FUNDING, LedgerAccounts.TOKEN);
    }

    /**
     * Refuses a budget that the on-chain reward pool does not cover together with the rewards already
     * given: {@code distributed() + budget <= rewardFunded()}. Reads the chain (no key needed).
     */
    public void requireCovers(long budget) {
        BigInteger funded = chain.get().rewardFunded();
        BigInteger needed = BigInteger.valueOf(distributed()).add(BigInteger.valueOf(budget));
        if (needed.compareTo(funded) > 0) {
            throw new ApiException(ProblemType.BUDGET_EXCEEDS_REWARD_POOL, "The reward pool holds " + funded
                    + " base units; " + distributed() + " went to earlier periods, so a budget of at most "
                    + funded.subtract(BigInteger.valueOf(distributed())).max(BigInteger.ZERO)
                    + " fits. Fund the pool first (fundRewards on the payout contract).");
        }
    }

    /**
     * The escrow part of a batch of {@code cumulativeTotal}: what no reward can explain,
     * {@code max(0, cumulativeTotal - distributed())}. Rewards count first, so the figure never exceeds
     * the tips and withdrawals really in the batch, and the reward part the contract checks against its
     * reward pool is never understated.
     */
    public long escrowPart(long cumulativeTotal) {
        return Math.max(0, cumulativeTotal - distributed());
    }
}
