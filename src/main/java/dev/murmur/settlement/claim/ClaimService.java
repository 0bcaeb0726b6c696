package dev.murmur.settlement.claim;

import dev.murmur.settlement.batch.plan.Entitlement;
import dev.murmur.settlement.batch.plan.Entitlements;
import dev.murmur.chain.ChainClient;
import dev.murmur.settlement.batch.Batch;
import dev.murmur.settlement.batch.BatchService;
import dev.murmur.settlement.merkle.StandardMerkleTree;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.murmur.common.SqlRows.number;

/**
 * What a creator can claim, with everything needed to claim it, and the path of each amount:
 * unsettled, pending in batch N, claimable (settled in batch N), claimed in transaction T.
 */
@ApplicationScoped
public class ClaimService {

    /**
     * One address's claim against the latest claimable root.
     *
     * @param cumulative   the address's cumulative entitlement in that batch (base units)
     * @param claimed      what the address has claimed on chain so far
     * @param claimableNow what {@code claim} would pay now (the contract's {@code claimable})
     * @param calldata     {@code claim(address, cumulative, proof)}, ready to send to {@code contract}
     */
    public record AddressClaim(String address, boolean current, String cumulative, List<String> proof, String claimed,
                               String claimableNow, String calldata) {
    }

    /** @param chainBatchId the latest claimable batch on chain (0: none yet) */
    public record Claims(long accountId, long chainId, String contract, long chainBatchId, String root, List<AddressClaim> addresses) {
    }

    /**
     * One amount on its way: {@code status} is {@code unsettled}, {@code pending} (in a batch not final),
     * {@code claimable} (settled in {@code chainBatchId}) or {@code claimed} (in {@code claimedIn}).
     */
    public record PayoutLine(String status, long amount, Long batch, Long chainBatchId, String wallet, String claimedIn) {
    }

    private final EntityManager em;
    private final BatchService batches;

    public ClaimService(EntityManager em, BatchService batches) {
        this.em = em;
        this.batches = batches;
    }

    public Claims of(long accountId, String currentWallet) {
        return of(accountId, currentWallet, batches.chain());
    }

    public Claims of(long accountId, String currentWallet, ChainClient chain) {
        long chainBatchId = chain.latestClaimableBatchId();
        long chainId = chain.chainId().longValueExact();
        String contract = chain.payoutsAddress();
        if (chainBatchId == 0) {
            return new Claims(accountId, chainId, contract, 0, null, List.of());
        }
        Optional<Batch> batch = batches.byChainBatchId(contract, chainBatchId);
        if (batch.isEmpty()) {
            return new Claims(accountId, chainId, contract, chainBatchId, chain.batch(chainBatchId).root(), List.of());
        }
        List<Entitlement> entitlements = batches.entitlements(batch.get().id());
        StandardMerkleTree tree = Entitlements.tree(entitlements);
        List<AddressClaim> mine = new ArrayList<>();
        for (int i = 0; i < entitlements.size(); i++) {
            Entitlement e = entitlements.get(i);
            if (e.accountId() != accountId) {
                continue;
            }
            BigInteger cumulative = BigInteger.valueOf(e.cumulative());
            List<String> proof = tree.proofHex(i);
            mine.add(new AddressClaim(e.wallet(), e.wallet().equals(currentWallet), cumulative.toString(), proof,
                    chain.claimed(e.wallet()).toString(), chain.claimable(e.wallet(), cumulative, proof).toString(),
                    chain.claimCalldata(e.wallet(), cumulative, proof)));
        }
        return new Claims(accountId, chainId, contract, chainBatchId, tree.rootHex(), mine);
    }

    /**
     * The claim a creator's own wallet sends (EIP-1193 {@code eth_sendTransaction}): the calldata from
     * the server-prepared proof, to the payout contract, on its chain. Anyone may send a claim; it
     * always pays {@code address}.
     *
     * @param claimable what the transaction pays now (base units), as the contract computes it
     */
    public record ClaimTransaction(String address, long chainBatchId, String cumulative, String claimable,
                                   dev.murmur.chain.TransactionRequest transaction) {
    }

    /** The claim for {@code address} (one of the account's addresses; null: the current wallet). */
    public ClaimTransaction transaction(long accountId, String address, String currentWallet) {
        String wanted = address == null || address.isBlank() ? currentWallet
                : dev.murmur.account.service.WalletProofs.normalize(address).orElseThrow(() -> dev.murmur.problem.ApiException.field(
                dev.murmur.problem.ProblemType.VALIDATION_FAILED, "address", "must be a 0x-prefixed 20-byte hex address"));
        if (wanted == null) {
            throw new dev.murmur.problem.ApiException(dev.murmur.problem.ProblemType.NOTHING_TO_CLAIM,
                    "No wallet is linked to this account; link one first");
        }
        Claims all = of(accountId, currentWallet);
        AddressClaim claim = all.addresses().stream().filter(a -> a.address().equals(wanted)).findFirst()
                .filter(a -> new BigInteger(a.claimableNow()).signum() > 0)
                .orElseThrow(() -> new dev.murmur.problem.ApiException(dev.murmur.problem.ProblemType.NOTHING_TO_CLAIM,
                        "Nothing is claimable for " + wanted + " in the latest claimable batch (" + all.chainBatchId() + ")"));
        return new ClaimTransaction(claim.address(), all.chainBatchId(), claim.cumulative(), claim.claimableNow(),
                dev.murmur.chain.TransactionRequest.of(null, all.contract(), claim.calldata(), all.chainId()));
    }

    /**
     * Where a claim transaction the browser sent stands: {@code unknown} (the node does not know it yet),
     * {@code reverted}, {@code mined} (in a block, not yet seen by the chain listener) or {@code claimed}
     * (the listener booked its {@code Claimed} log: the earnings show it).
     */
    public record ClaimStatus(String txHash, String state, Long blockNumber, String address, String amount) {
    }

    public ClaimStatus status(long accountId, String txHash) {
        if (txHash == null || !txHash.matches("0x[0-9a-fA-F]{64}")) {
            throw dev.murmur.problem.ApiException.field(dev.murmur.problem.ProblemType.VALIDATION_FAILED, "txHash",
                    "must be 0x followed by 64 hex digits");
        }
        String hash = txHash.toLowerCase(java.util.Locale.ROOT);
        ChainClient chain = batches.chain();
        @SuppressWarnings("unchecked")
        List<Tuple> seen = QuarkusTransaction.joiningExisting().call(() -> em.createNativeQuery("""
                        select block_number, address, amount from chain_log
                        where contract = :k and event = 'Claimed' and lower(tx_hash) = :h and removed_at is null and account_id = :a""",
                        Tuple.class)
                .setParameter("k", chain.payoutsAddress()).setParameter("h", hash).setParameter("a", accountId).getResultList());
        if (!seen.isEmpty()) {
            Tuple r = seen.getFirst();
            return new ClaimStatus(hash, "claimed", number(r, "block_number"), r.get("address", String.class), r.get("amount").toString());
        }
        return chain.receipt(hash)
                .map(rc -> new ClaimStatus(hash, rc.success() ? "mined" : "reverted", rc.blockNumber(), null, null))
                .orElse(new ClaimStatus(hash, "unknown", null, null, null));
    }

    /** The path of the account's amounts in batches on the application's contract, oldest first; unsettled is added by the caller. */
    public List<PayoutLine> paths(long accountId) {
        String contract = batches.chain().payoutsAddress();
        return QuarkusTransaction.joiningExisting().call(() -> {
            @SuppressWarnings("unchecked")
            List<Tuple> rows = em.createNativeQuery("""
                            select b.id, b.chain_batch_id, b.status, e.wallet, e.cumulative, e.delta
                            from settlement_entitlement e join settlement_batch b on b.id = e.batch_id
                            where e.account_id = :a and e.delta > 0 and b.contract = :k and b.status in ('SUBMITTED', 'CONFIRMED', 'FINAL')
                            order by e.wallet, b.chain_batch_id""", Tuple.class)
                    .setParameter("a", accountId).setParameter("k", contract).getResultList();
            List<PayoutLine> lines = new ArrayList<>();
            for (Tuple r : rows) {
                long batch = number(r, "id");
                long chainBatch = number(r, "chain_batch_id");
                String wallet = r.get("wallet", String.class);
                long cumulative = number(r, "cumulative");
                long delta = number(r, "delta");
                if (!"FINAL".equals(r.get("status"))) {
                    lines.add(new PayoutLine("pending", delta, batch, chainBatch, wallet, null));
                    continue;
                }
                long start = cumulative - delta;
                // The claims of this address that reached into (start, cumulative], in chain order.
                @SuppressWarnings("unchecked")
                List<Tuple> claims = em.createNativeQuery("""
                                select tx_hash, cumulative from chain_log
                                where contract = :k and event = 'Claimed' and address = :w and removed_at is null and cumulative > :s
                                order by block_number, log_index""", Tuple.class)
                        .setParameter("k", contract).setParameter("w", wallet).setParameter("s", BigDecimal.valueOf(start)).getResultList();
                long covered = start;
                for (Tuple c : claims) {
                    long upTo = Math.min(cumulative, c.get("cumulative", BigDecimal.class).longValueExact());
                    if (upTo > covered) {
                        lines.add(new PayoutLine("claimed", upTo - covered, batch, chainBatch, wallet, c.get("tx_hash", String.class)));
                        covered = upTo;
                    }
                    if (covered >= cumulative) {
                        break;
                    }
                }
                if (covered < cumulative) {
                    lines.add(new PayoutLine("claimable", cumulative - covered, batch, chainBatch, wallet, null));
                }
            }
            return lines;
        });
    }
}
