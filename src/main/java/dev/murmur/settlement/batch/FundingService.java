package dev.murmur.settlement.batch;

import dev.murmur.chain.ChainClient;
import dev.murmur.ledger.Ledger;
import dev.murmur.ledger.LedgerAccounts;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/**
 * What the payout contract holds against what Murmur owes, so an operator sets a period's budget
 * within the funded pool (the console's "budget" box). All amounts in payout-token base units.
 */
@ApplicationScoped
public class FundingService {

    /**
     * @param tokenBalance    tokens the contract holds now
     * @param owedOnChain     settled cumulative total minus everything claimed: what current roots can pay
     * @param inFlight        the open batch's delta while its settle transaction is not mined yet
     * @param owedToCreators  creators' unsettled money (closed periods, tips, withdrawals) not in a batch yet
     * @param readerBalances  readers' tipping balances and held deposits: their money sits in the contract too
     * @param headroom        tokenBalance minus all of the above: what new budgets can use without a deposit
     */
    public record FundingStatus(String contract, String token, long tokenBalance, long settledCumulativeTotal, long totalClaimed,
                                long owedOnChain, long inFlight, long owedToCreators, long readerBalances, long headroom) {
    }

    private final BatchService batches;
    private final Ledger ledger;

    public FundingService(BatchService batches, Ledger ledger) {
        this.batches = batches;
        this.ledger = ledger;
    }

    public FundingStatus status() {
        ChainClient chain = batches.chain();
        long balance = chain.tokenBalance(chain.payoutsAddress()).longValueExact();
        long settled = chain.settledCumulativeTotal().longValueExact();
        long claimed = chain.totalClaimed().longValueExact();
        long lastOnChain = chain.lastBatchId();
        Optional<Batch> open = batches.openBatch().filter(b -> b.status() == Batch.Status.SUBMITTED && b.chainBatchId() > lastOnChain);
        long inFlight = open.map(Batch::deltaTotal).orElse(0L);
        return QuarkusTransaction.joiningExisting().call(() -> {
            long creators = ledger.creatorTokenTotal(LedgerAccounts.UNSETTLED);
            long readers = ledger.tokenTotalLike("reader:%:balance") + ledger.tokenTotalLike("held:%:deposits");
            long owedOnChain = settled - claimed;
            return new FundingStatus(chain.payoutsAddress(), chain.tokenAddress(), balance, settled, claimed, owedOnChain, inFlight,
                    creators, readers, balance - owedOnChain - inFlight - creators - readers);
        });
    }
}
