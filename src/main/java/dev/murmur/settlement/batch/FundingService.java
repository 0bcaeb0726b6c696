package dev.murmur.settlement.batch;

import dev.murmur.chain.ChainClient;
import dev.murmur.ledger.Ledger;
import dev.murmur.ledger.LedgerAccounts;
import dev.murmur.period.RewardPool;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

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

    private final BatchService batches;
    private final Ledger ledger;
    private final RewardPool rewardPool;

    public FundingService(BatchService batches, Ledger ledger, RewardPool rewardPool) {
        this.batches = batches;
        this.ledger = ledger;
        this.rewardPool = rewardPool;
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
            long creators = ledger.creatorTokenTotal(LedgerAccounts.UNSETTLED);
            long readers = ledger.tokenTotalLike("reader:%:balance") + ledger.tokenTotalLike("held:%:deposits");
            long owedOnChain = settled - claimed;
            long distributed = rewardPool.distributed();
            return new FundingStatus(chain.payoutsAddress(), chain.tokenAddress(), balance, settled, claimed, owedOnChain, inFlight,
                    creators, readers, rewardFunded, distributed, Math.max(0, rewardFunded - distributed));
        });
    }
}
