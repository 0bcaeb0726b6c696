package dev.murmur.settlement.batch;

import dev.murmur.chain.ChainClient;
import dev.murmur.ledger.LedgerAccount;
import dev.murmur.ledger.LedgerQueries;
import dev.murmur.ledger.LedgerAccounts;
import dev.murmur.problem.ApiException;
import dev.murmur.problem.ProblemType;
import dev.murmur.period.RewardPool;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigInteger;
import java.util.Optional;

/**
 * What the payout contract holds against what Murmur owes, so an operator sets a period's budget
 * within the funded reward pool (the console's "budget" box). All amounts in payout-token base units.
 * The reward pool and the readers' escrow are apart on chain (decision 0621): only the reward pool
 * backs budgets, so {@code headroom} is what {@link RewardPool#requireCovers} would still accept.
 */
@ApplicationScoped
public class FundingService {

    /**
     * @param tokenBalance    tokens the contract holds now
     * @param owedOnChain     settled cumulative total minus everything claimed: what current roots can pay
     * @param inFlight        the open batch's delta while its settle transaction is not mined yet
     * @param owedToCreators  creators' unsettled money (closed periods, tips, withdrawals) not in a batch yet
     * @param readerBalances  readers' tipping balances and held deposits: the escrow, which never pays rewards
     * @param rewardFunded    everything funded into the contract's reward pool
     * @param distributed     rewards already given to creators by closed periods
     * @param headroom        rewardFunded minus distributed: the largest budget the next period may get
     */
    public record FundingStatus(String contract, String token, long tokenBalance, long settledCumulativeTotal, long totalClaimed,
                                long owedOnChain, long inFlight, long owedToCreators, long readerBalances, long rewardFunded,
                                long distributed, long headroom) {
    }

    /** {@code rewardFunded}: the contract's reward pool after the funding; reader deposits are not in it. */
    public record Funded(String contract, String transactionHash, boolean success, String rewardFunded, String balance,
                         String settledCumulativeTotal) {
    }

    private final BatchService batches;
    private final LedgerQueries ledgerQueries;
    private final RewardPool rewardPool;
    private final SettlementConfig config;

    public FundingService(BatchService batches, LedgerQueries ledgerQueries, RewardPool rewardPool, SettlementConfig config) {
        this.batches = batches;
        this.ledgerQueries = ledgerQueries;
        this.rewardPool = rewardPool;
        this.config = config;
    }

    /** Whether this process may fund the reward pool from the operator key (dev chains only). */
    public boolean devFundingEnabled() {
        return config.devFunding();
    }

    /**
     * Funds the payout contract's reward pool with {@code amount} base units from the operator key, on a dev
     * chain only (murmur.settlement.dev-funding); the API and the console both fund through here.
     */
    public Funded fund(long amount) {
        if (!config.devFunding()) {
            throw new ApiException(ProblemType.FUNDING_DISABLED, "Set murmur.settlement.dev-funding=true on a dev chain, or deposit from the treasury");
        }
        ChainClient chain = batches.chain();
        if (chain.operatorAddress() == null) {
            throw new ApiException(ProblemType.FUNDING_DISABLED, "This process holds no operator key (only the settler does);"
                    + " fund the reward pool from the treasury, or through './murmur up' on a dev chain");
        }
        ChainClient.Receipt receipt = chain.fundRewards(BigInteger.valueOf(amount));
        return new Funded(chain.payoutsAddress(), receipt.transactionHash(), receipt.success(), chain.rewardFunded().toString(),
                chain.tokenBalance(chain.payoutsAddress()).toString(), chain.settledCumulativeTotal().toString());
    }

    public FundingStatus status() {
        ChainClient chain = batches.chain();
        long balance = chain.tokenBalance(chain.payoutsAddress()).longValueExact();
        long settled = chain.settledCumulativeTotal().longValueExact();
        long claimed = chain.totalClaimed().longValueExact();
        long lastOnChain = chain.lastBatchId();
        Optional<Batch> open = batches.openBatch().filter(b -> b.status() == Batch.Status.SUBMITTED && b.chainBatchId() > lastOnChain);
        long inFlight = open.map(Batch::deltaTotal).orElse(0L);
        long rewardFunded = chain.rewardFunded().longValueExact();
        return QuarkusTransaction.joiningExisting().call(() -> {
            long creators = ledgerQueries.total(LedgerAccounts.UNSETTLED);
            long readers = ledgerQueries.total(LedgerAccount.Kind.READER_BALANCE) + ledgerQueries.total(LedgerAccount.Kind.HELD_DEPOSITS);
            long owedOnChain = settled - claimed;
            long distributed = rewardPool.distributed();
            return new FundingStatus(chain.payoutsAddress(), chain.tokenAddress(), balance, settled, claimed, owedOnChain, inFlight,
                    creators, readers, rewardFunded, distributed, Math.max(0, rewardFunded - distributed));
        });
    }
}
