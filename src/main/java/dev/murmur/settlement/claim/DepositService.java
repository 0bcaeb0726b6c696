package dev.murmur.settlement.claim;

import dev.murmur.account.service.WalletService;
import dev.murmur.chain.Calldata;
import dev.murmur.chain.ChainClient;
import dev.murmur.chain.TransactionRequest;
import dev.murmur.common.SqlTimes;
import dev.murmur.problem.ApiException;
import dev.murmur.problem.ProblemType;
import dev.murmur.settlement.batch.BatchService;
import dev.murmur.tip.service.TipConfig;
import dev.murmur.tip.service.TokenAmounts;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static dev.murmur.common.SqlRows.number;

/**
 * Deposits into the tipping balance from the reader's own wallet: the two transactions to send
 * (ERC-20 approve, then the payout contract's deposit), and each deposit's progress from the chain
 * to the balance. The chain listener credits a deposit once its block has {@code
 * murmur.listener.confirmations} blocks on top (docs/tips.md); this service only reads what it saw.
 */
@ApplicationScoped
public class DepositService {

    /**
     * @param from                  the linked wallet the deposit must come from (null: none linked yet; the
     *                              deposit is then held until the sending address is linked)
     * @param approve               first: lets the contract pull {@code amount} from the wallet
     * @param deposit               then: the deposit itself (it reverts without the approval)
     * @param confirmationsRequired blocks on top of the deposit's block before it is credited
     */
    public record DepositPlan(String from, String token, String contract, long amount, String tokens, int decimals,
                              TransactionRequest approve, TransactionRequest deposit, int confirmationsRequired) {
    }

    /**
     * Where one deposit transaction stands: {@code unknown} (not known to the node yet), {@code reverted},
     * {@code confirming} ({@code confirmations} of {@code confirmationsRequired}), {@code credited} (in this
     * account's tipping balance), {@code held} (from an address no account has linked; credited when linked),
     * or {@code not-a-deposit} (mined, the listener is past it, and it deposited nothing).
     */
    public record DepositStatus(String txHash, String state, Long blockNumber, long confirmations, int confirmationsRequired,
                                String from, String amount) {
    }

    /** One deposit the listener saw from one of the account's addresses. */
    public record Deposit(String txHash, long blockNumber, String from, long amount, String tokens, String state, Instant seenAt) {
    }

    private final EntityManager em;
    private final BatchService batches;
    private final WalletService wallets;
    private final TipConfig tips;
    private final ListenerConfig listener;

    public DepositService(EntityManager em, BatchService batches, WalletService wallets, TipConfig tips, ListenerConfig listener) {
        this.em = em;
        this.batches = batches;
        this.wallets = wallets;
        this.tips = tips;
        this.listener = listener;
    }

    /** The approve and deposit transactions for {@code amount} token units (the tip limits do not apply: only precision). */
    public DepositPlan plan(long accountId, BigDecimal amount) {
        long units = TokenAmounts.toBaseUnits(amount, tips.tokenDecimals(), BigDecimal.ONE.movePointLeft(tips.tokenDecimals()),
                BigDecimal.valueOf(Long.MAX_VALUE, tips.tokenDecimals()));
        ChainClient chain = batches.chain();
        long chainId = chain.chainId().longValueExact();
        String from = wallets.of(accountId).map(WalletService.Wallet::address).orElse(null);
        BigInteger value = BigInteger.valueOf(units);
        return new DepositPlan(from, chain.tokenAddress(), chain.payoutsAddress(), units, TokenAmounts.toTokens(units, tips.tokenDecimals()),
                tips.tokenDecimals(),
                TransactionRequest.of(from, chain.tokenAddress(), Calldata.approve(chain.payoutsAddress(), value), chainId),
                TransactionRequest.of(from, chain.payoutsAddress(), Calldata.deposit(value), chainId),
                listener.confirmations());
    }

    public DepositStatus status(long accountId, String txHash) {
        if (txHash == null || !txHash.matches("0x[0-9a-fA-F]{64}")) {
            throw ApiException.field(ProblemType.VALIDATION_FAILED, "txHash", "must be 0x followed by 64 hex digits");
        }
        String hash = txHash.toLowerCase(Locale.ROOT);
        ChainClient chain = batches.chain();
        int required = listener.confirmations();
        @SuppressWarnings("unchecked")
        List<Tuple> seen = QuarkusTransaction.joiningExisting().call(() -> em.createNativeQuery("""
                        select block_number, address, amount, account_id from chain_log
                        where contract = :k and event = 'Deposited' and lower(tx_hash) = :h and removed_at is null""", Tuple.class)
                .setParameter("k", chain.payoutsAddress()).setParameter("h", hash).getResultList());
        long head = chain.blockNumber().longValueExact();
        if (!seen.isEmpty()) {
            Tuple r = seen.getFirst();
            long block = number(r, "block_number");
            String from = r.get("address", String.class);
            Optional<Long> owner = wallets.ownerOf(from);
            if (owner.isPresent() && owner.get() != accountId) {
                throw ApiException.notFound("Deposit " + hash + " of this account");
            }
            String state = r.get("account_id") != null || owner.isPresent() ? "credited" : "held";
            return new DepositStatus(hash, state, block, head - block + 1, required, from,
                    TokenAmounts.toTokens(r.get("amount", BigDecimal.class).longValueExact(), tips.tokenDecimals()));
        }
        Optional<ChainClient.Receipt> receipt = chain.receipt(hash);
        if (receipt.isEmpty()) {
            return new DepositStatus(hash, "unknown", null, 0, required, null, null);
        }
        long block = receipt.get().blockNumber();
        if (!receipt.get().success()) {
            return new DepositStatus(hash, "reverted", block, head - block + 1, required, null, null);
        }
        boolean listenerPast = cursor(chain).map(c -> c >= block).orElse(false);
        return new DepositStatus(hash, listenerPast ? "not-a-deposit" : "confirming", block, head - block + 1, required, null, null);
    }

    /** Deposits from any address the account has had, newest first. */
    public List<Deposit> deposits(long accountId, int limit) {
        List<String> addresses = wallets.history(accountId).stream().map(WalletService.Link::address).distinct().toList();
        if (addresses.isEmpty()) {
            return List.of();
        }
        String contract = batches.chain().payoutsAddress();
        @SuppressWarnings("unchecked")
        List<Tuple> rows = QuarkusTransaction.joiningExisting().call(() -> em.createNativeQuery("""
                        select tx_hash, block_number, address, amount, processed_at from chain_log
                        where contract = :k and event = 'Deposited' and address in (:a) and removed_at is null
                        order by block_number desc, log_index desc limit :limit""", Tuple.class)
                .setParameter("k", contract).setParameter("a", addresses).setParameter("limit", limit).getResultList());
        return rows.stream().map(r -> {
            long amount = r.get("amount", BigDecimal.class).longValueExact();
            return new Deposit(r.get("tx_hash", String.class), number(r, "block_number"), r.get("address", String.class), amount,
                    TokenAmounts.toTokens(amount, tips.tokenDecimals()), "credited", SqlTimes.instant(r.get("processed_at")));
        }).toList();
    }

    private Optional<Long> cursor(ChainClient chain) {
        List<?> rows = QuarkusTransaction.joiningExisting().call(() -> em.createNativeQuery("""
                        select max(block_number) from chain_checkpoint where chain_id = :c and contract = :k""")
                .setParameter("c", chain.chainId().longValueExact()).setParameter("k", chain.payoutsAddress()).getResultList());
        return rows.isEmpty() || rows.getFirst() == null ? Optional.empty() : Optional.of(((Number) rows.getFirst()).longValue());
    }
}
