package dev.murmur.settlement.earnings;

import dev.murmur.settlement.claim.DepositService;
import dev.murmur.tip.service.TipConfig;
import dev.murmur.tip.service.TipService;
import dev.murmur.tip.service.TokenAmounts;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/**
 * The balance page's data: the tipping balance, deposits, tips sent and received, and withdrawals
 * with the batches that paid them out (a withdrawal joins the next batch like earnings do; which
 * batch carried it is the statement's first-in first-out match).
 */
@ApplicationScoped
public class BalanceHistoryService {

    /** One part of a withdrawal and where it stands; a withdrawal split across two batches has two parts. */
    public record WithdrawalPart(String tokens, StatementService.Status status, Long batchId, Long chainBatchId, String txHash) {
    }

    public record WithdrawalLine(long id, String tokens, java.time.Instant at, List<WithdrawalPart> parts) {
    }

    public record BalanceHistory(String balance, int decimals, List<DepositService.Deposit> deposits, List<TipService.SentTip> tipsSent,
                                 List<TipService.ReceivedTip> tipsReceived, List<WithdrawalLine> withdrawals) {
    }

    private static final int LIMIT = 100;

    private final TipService tips;
    private final DepositService deposits;
    private final StatementService statements;
    private final TipConfig config;

    public BalanceHistoryService(TipService tips, DepositService deposits, StatementService statements, TipConfig config) {
        this.tips = tips;
        this.deposits = deposits;
        this.statements = statements;
        this.config = config;
    }

    public BalanceHistory of(long accountId) {
        List<StatementService.Line> lines = statements.statement(accountId).lines();
        List<WithdrawalLine> withdrawals = new ArrayList<>();
        for (TipService.Withdrawal w : tips.withdrawals(accountId, LIMIT)) {
            List<WithdrawalPart> parts = lines.stream()
                    .filter(l -> l.kind() == StatementService.Kind.WITHDRAWAL && w.eventId().equals(l.eventId()))
                    .map(l -> new WithdrawalPart(l.tokens(), l.status(), l.batchId(), l.chainBatchId(), l.txHash()))
                    .toList();
            withdrawals.add(new WithdrawalLine(w.id(), w.tokens(), w.at(), parts));
        }
        return new BalanceHistory(TokenAmounts.toTokens(tips.balance(accountId), config.tokenDecimals()), config.tokenDecimals(),
                deposits.deposits(accountId, LIMIT), tips.sent(accountId, LIMIT), tips.received(accountId, LIMIT), withdrawals);
    }
}
