package dev.murmur.settlement.claim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.murmur.account.service.WalletService;
import dev.murmur.chain.ChainClient;
import dev.murmur.chain.LogRangeRefusedException;
import dev.murmur.ledger.JournalEntry;
import dev.murmur.ledger.Ledger;
import dev.murmur.ledger.LedgerQueries;
import dev.murmur.tip.service.TipService;
import dev.murmur.ledger.LedgerAccounts;
import dev.murmur.settlement.batch.Batch;
import dev.murmur.settlement.batch.BatchService;
import dev.murmur.settlement.alert.ChainAlerts;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Follows the payout contract's logs ({@code BatchSettled}, {@code BatchVetoed}, {@code Claimed},
 * {@code Deposited}) with {@code eth_getLogs} in block ranges, up to head - confirmations, and books
 * each {@code Claimed} in the ledger exactly once (settled -> claimed).
 *
 * <ul>
 *   <li><b>Cursor.</b> Each poll ends with a checkpoint (block number and hash) written in the same
 *       transaction as the logs it applied, so a restart resumes after the last applied range, and a crash
 *       in the middle applies nothing.</li>
 *   <li><b>Exactly once.</b> A log is applied once while canonical: a unique index on (contract,
 *       transaction, log index) over rows not removed, and the journal's unique event id (from the row id).</li>
 *   <li><b>Reorgs.</b> Every poll first checks that the cursor's block is still canonical. If not, it walks
 *       back the checkpoints to the newest one still canonical (the common ancestor), reverses every log
 *       above it whose block hash is no longer canonical (a {@code CLAIM_REVERSED} entry, claimed ->
 *       settled), and rescans from there. A claim mined again in the new chain is booked again, once.</li>
 *   <li><b>Order.</b> A claim is booked only once its batch is FINAL in Murmur (so its amount is in settled);
 *       until then the listener stops before that block and tries again next poll.</li>
 *   <li><b>Foreign settles.</b> Every {@code BatchSettled} and {@code BatchVetoed} is compared with Murmur's own
 *       batches; one they do not explain raises a {@link ChainAlerts} alert in the same transaction (decision
 *       0613). Every {@code BatchVetoed} of a batch Murmur knows is then reconciled with the batch's status.</li>
 * </ul>
 *
 * <p>Every method takes the {@link ChainClient} to follow, so tests run it against other anvils and contracts.
 */
@ApplicationScoped
public class ChainListener {

    private static final Logger LOG = Logger.getLogger(ChainListener.class);

    /** What one poll did. */
    public record Poll(long fromBlock, long toBlock, int applied, int reversed, String note) {
    }

    private record Checkpoint(long block, String hash) {
    }

    /** What one eth_getLogs returned, over which blocks, and the hash of the last one before reading. */
    private record Fetched(long to, Optional<String> before, List<ChainClient.ContractLog> logs) {
    }

    /** The block range per chain and contract; it shrinks when a provider refuses one ({@link LogRange}). */
    private final Map<String, LogRange> ranges = new ConcurrentHashMap<>();

    private final EntityManager em;
    private final Ledger ledger;
    private final LedgerQueries ledgerQueries;
    private final WalletService wallets;
    private final BatchService batches;
    private final TipService tips;
    private final ChainAlerts alerts;
    private final ListenerConfig config;
    private final ObjectMapper json;
    private final Clock clock;

    public ChainListener(EntityManager em, Ledger ledger, LedgerQueries ledgerQueries, WalletService wallets, BatchService batches, TipService tips,
                         ChainAlerts alerts, ListenerConfig config, ObjectMapper json, Clock clock) {
        this.alerts = alerts;
        this.em = em;
        this.ledger = ledger;
        this.ledgerQueries = ledgerQueries;
        this.wallets = wallets;
        this.batches = batches;
        this.tips = tips;
        this.config = config;
        this.json = json;
        this.clock = clock;
    }

    /** One poll with the configured confirmations. */
    public Poll poll(ChainClient chain) {
        return poll(chain, config.confirmations());
    }

    public Poll poll(ChainClient chain, int confirmations) {
        long chainId = chain.chainId().longValueExact();
        String contract = chain.payoutsAddress();
        int reversed = 0;
        Optional<Checkpoint> cursor = cursor(chainId, contract);
        if (cursor.isPresent() && !chain.blockHash(cursor.get().block()).map(cursor.get().hash()::equalsIgnoreCase).orElse(false)) {
            reversed = rewind(chain, chainId, contract);
            cursor = cursor(chainId, contract);
        }
        long from = cursor.map(c -> c.block() + 1).orElse(config.startBlock());
        long safe = chain.blockNumber().longValueExact() - confirmations;
        LogRange range = range(chainId, contract);
        long to = Math.min(safe, from + range.size() - 1);
        if (to < from) {
            return new Poll(from, to, 0, reversed, "nothing new up to head - " + confirmations);
        }
        Fetched fetched = fetch(chain, range, from, to);
        to = fetched.to();
        Optional<String> before = fetched.before();
        List<ChainClient.ContractLog> logs = fetched.logs();
        String note = null;
        // A claim is booked against settled money: its batch must be FINAL here first.
        for (int i = 0; i < logs.size(); i++) {
            ChainClient.ContractLog log = logs.get(i);
            if (!log.event().equals("Claimed")) {
                continue;
            }
            Optional<Batch> batch = batches.byChainBatchId(contract, log.batchId());
            if (batch.isPresent() && batch.get().status() != Batch.Status.FINAL) {
                batches.on(chain).advance(batch.get().id());
                batch = batches.byChainBatchId(contract, log.batchId());
            }
            if (batch.isPresent() && batch.get().status() != Batch.Status.FINAL) {
                to = log.blockNumber() - 1;
                note = "claim in block " + log.blockNumber() + " waits for batch " + batch.get().id() + " to be FINAL";
                long stop = to;
                logs.removeIf(l -> l.blockNumber() > stop);
                before = to < from ? Optional.empty() : chain.blockHash(to);
                break;
            }
        }
        if (to < from) {
            return new Poll(from, to, 0, reversed, note);
        }
        Optional<String> after = chain.blockHash(to);
        if (before.isEmpty() || !before.equals(after)) {
            return new Poll(from, to, 0, reversed, "block " + to + " changed while reading; next poll");
        }
        long end = to;
        String operator = chain.operatorAddress();
        int applied = QuarkusTransaction.requiringNew().call(() -> {
            lock(chainId, contract);
            Optional<Checkpoint> now = cursor(chainId, contract);
            long expectedFrom = now.map(c -> c.block() + 1).orElse(config.startBlock());
            if (expectedFrom != from) {
                return 0; // another poll moved the cursor meanwhile
            }
            int count = 0;
            for (ChainClient.ContractLog log : logs) {
                count += apply(chainId, contract, operator, log) ? 1 : 0;
            }
            em.createNativeQuery("""
                            insert into chain_checkpoint (chain_id, contract, block_number, block_hash, recorded_at)
                            values (:c, :k, :b, :h, :t)""")
                    .setParameter("c", chainId).setParameter("k", contract).setParameter("b", end)
                    .setParameter("h", after.get()).setParameter("t", clock.instant()).executeUpdate();
            em.createNativeQuery("""
                            delete from chain_checkpoint where chain_id = :c and contract = :k and block_number not in (
                                select block_number from chain_checkpoint where chain_id = :c and contract = :k
                                order by block_number desc limit :keep)""")
                    .setParameter("c", chainId).setParameter("k", contract).setParameter("keep", config.checkpoints()).executeUpdate();
            return count;
        });
        reconcileVetoes(chain, contract, logs);
        return new Poll(from, to, applied, reversed, note);
    }

    /** How many blocks one poll of this chain's contract asks for now (murmur.listener.block-range, or less after refusals). */
    public int blockRange(ChainClient chain) {
        return range(chain.chainId().longValueExact(), chain.payoutsAddress()).size();
    }

    private LogRange range(long chainId, String contract) {
        return ranges.computeIfAbsent(chainId + ":" + contract.toLowerCase(java.util.Locale.ROOT),
                k -> new LogRange(config.blockRange()));
    }

    /**
     * eth_getLogs over from..to; when the provider refuses the range, over half as many blocks, and so on
     * down to one block. The hash of the last block is read before the logs, to see a reorg while reading.
     */
    private Fetched fetch(ChainClient chain, LogRange range, long from, long to) {
        long end = to;
        while (true) {
            Optional<String> before = chain.blockHash(end);
            try {
                List<ChainClient.ContractLog> logs = new ArrayList<>(chain.contractLogs(from, end));
                range.read(end - from + 1);
                return new Fetched(end, before, logs);
            } catch (LogRangeRefusedException e) {
                long blocks = end - from + 1;
                if (!range.refused(blocks)) {
                    throw e;
                }
                LOG.infof("eth_getLogs over %d blocks from %d refused (%s); asking for %d blocks at a time", blocks, from,
                        e.redactedMessage(), range.size());
                end = from + range.size() - 1;
            }
        }
    }

    /** The block the listener has applied everything up to, and its hash. */
    public Optional<Long> cursorBlock(ChainClient chain) {
        return QuarkusTransaction.requiringNew().call(() -> cursor(chain.chainId().longValueExact(), chain.payoutsAddress())
                .map(Checkpoint::block));
    }

    private Optional<Checkpoint> cursor(long chainId, String contract) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = QuarkusTransaction.joiningExisting().call(() -> em.createNativeQuery("""
                        select block_number, block_hash from chain_checkpoint where chain_id = :c and contract = :k
                        order by block_number desc limit 1""")
                .setParameter("c", chainId).setParameter("k", contract).getResultList());
        return rows.stream().findFirst().map(r -> new Checkpoint(((Number) r[0]).longValue(), (String) r[1]));
    }

    private void lock(long chainId, String contract) {
        em.createNativeQuery("select pg_advisory_xact_lock(hashtext('chain-listener:' || :k))")
                .setParameter("k", chainId + ":" + contract).getSingleResult();
    }

    /**
     * After a reorg: the newest checkpoint still canonical is the common ancestor. Logs above it whose
     * block is no longer canonical are reversed; newer checkpoints are dropped, so the next range rescans.
     */
    private int rewind(ChainClient chain, long chainId, String contract) {
        return QuarkusTransaction.requiringNew().call(() -> {
            lock(chainId, contract);
            @SuppressWarnings("unchecked")
            List<Object[]> checkpoints = em.createNativeQuery("""
                            select block_number, block_hash from chain_checkpoint where chain_id = :c and contract = :k
                            order by block_number desc""")
                    .setParameter("c", chainId).setParameter("k", contract).getResultList();
            long ancestor = config.startBlock() - 1;
            for (Object[] cp : checkpoints) {
                long block = ((Number) cp[0]).longValue();
                if (chain.blockHash(block).map(((String) cp[1])::equalsIgnoreCase).orElse(false)) {
                    ancestor = block;
                    break;
                }
            }
            @SuppressWarnings("unchecked")
            List<Object[]> above = em.createNativeQuery("""
                            select id, block_number, block_hash from chain_log
                            where chain_id = :c and contract = :k and block_number > :a and removed_at is null order by id desc""")
                    .setParameter("c", chainId).setParameter("k", contract).setParameter("a", ancestor).getResultList();
            Map<Long, Optional<String>> canonical = new HashMap<>();
            int reversed = 0;
            for (Object[] row : above) {
                long block = ((Number) row[1]).longValue();
                Optional<String> hash = canonical.computeIfAbsent(block, chain::blockHash);
                if (!hash.map(((String) row[2])::equalsIgnoreCase).orElse(false)) {
                    reverse(((Number) row[0]).longValue());
                    reversed++;
                }
            }
            em.createNativeQuery("delete from chain_checkpoint where chain_id = :c and contract = :k and block_number > :a")
                    .setParameter("c", chainId).setParameter("k", contract).setParameter("a", ancestor).executeUpdate();
            LOG.warnf("chain %d, contract %s: reorg below the cursor; common ancestor %d, %d log(s) reversed", chainId, contract,
                    ancestor, reversed);
            return reversed;
        });
    }

    /** Applies one log unless it is already applied in the same block; returns whether it applied it. */
    private boolean apply(long chainId, String contract, String operator, ChainClient.ContractLog log) {
        @SuppressWarnings("unchecked")
        List<Object[]> existing = em.createNativeQuery("""
                        select id, block_hash from chain_log
                        where chain_id = :c and contract = :k and tx_hash = :tx and log_index = :i and removed_at is null""")
                .setParameter("c", chainId).setParameter("k", contract).setParameter("tx", log.transactionHash())
                .setParameter("i", log.logIndex()).getResultList();
        if (!existing.isEmpty()) {
            if (((String) existing.getFirst()[1]).equalsIgnoreCase(log.blockHash())) {
                return false;
            }
            reverse(((Number) existing.getFirst()[0]).longValue()); // the same transaction, now in another block
        }
        Long account = null;
        Optional<Batch> batch = Optional.empty();
        if (log.event().equals("BatchSettled") || log.event().equals("BatchVetoed")) {
            compareWithOwnBatches(chainId, contract, log);
        }
        if (log.event().equals("Claimed")) {
            batch = batches.byChainBatchId(contract, log.batchId()).filter(b -> b.status() == Batch.Status.FINAL);
            account = batch.isPresent() ? wallets.ownerOf(log.address()).orElse(null) : null;
            if (account == null) {
                LOG.warnf("Claimed by %s under chain batch %d in %s matches no Murmur creator or FINAL batch; stored, not booked",
                        log.address(), log.batchId(), log.transactionHash());
            }
        }
        // A reader's deposit funds their tipping balance; the operator's own deposits fund payouts.
        boolean readerDeposit = log.event().equals("Deposited") && (operator == null || !operator.equalsIgnoreCase(log.address()));
        if (readerDeposit) {
            account = wallets.ownerOf(log.address()).orElse(null);
        }
        long id = ((Number) em.createNativeQuery("""
                        insert into chain_log (chain_id, contract, event, block_number, block_hash, tx_hash, log_index, batch_id, address,
                            amount, cumulative, data, account_id, processed_at)
                        values (:c, :k, :e, :b, :h, :tx, :i, :batch, :addr, :amount, :cum, cast(:data as jsonb), :acc, :t) returning id""")
                .setParameter("c", chainId).setParameter("k", contract).setParameter("e", log.event())
                .setParameter("b", log.blockNumber()).setParameter("h", log.blockHash()).setParameter("tx", log.transactionHash())
                .setParameter("i", log.logIndex()).setParameter("batch", log.batchId()).setParameter("addr", log.address())
                .setParameter("amount", decimal(log.amount())).setParameter("cum", decimal(log.cumulative()))
                .setParameter("data", toJson(log)).setParameter("acc", account).setParameter("t", clock.instant())
                .getSingleResult()).longValue();
        if (readerDeposit) {
            Map<String, Object> reason = new LinkedHashMap<>();
            reason.put("wallet", log.address());
            reason.put("tx", log.transactionHash());
            reason.put("logIndex", log.logIndex());
            reason.put("block", log.blockNumber());
            reason.put("blockHash", log.blockHash());
            OptionalLong ledgerAmount = ledgerAmount(log);
            if (ledgerAmount.isEmpty()) {
                return true;
            }
            long amount = ledgerAmount.getAsLong();
            if (account != null) {
                tips.creditDeposit(eventId("deposit", id), account, amount, reason);
            } else {
                LOG.infof("Deposit of %d from unlinked %s held until an account links it", amount, log.address());
                tips.holdDeposit(eventId("deposit", id), log.address(), amount, reason);
            }
            return true;
        }
        OptionalLong ledgerAmount = account == null ? OptionalLong.empty() : ledgerAmount(log);
        if (ledgerAmount.isPresent()) {
            long amount = ledgerAmount.getAsLong();
            Map<String, Object> reason = new LinkedHashMap<>();
            reason.put("contract", contract);
            reason.put("chainBatchId", log.batchId());
            reason.put("wallet", log.address());
            reason.put("tx", log.transactionHash());
            reason.put("logIndex", log.logIndex());
            reason.put("block", log.blockNumber());
            reason.put("blockHash", log.blockHash());
            ledger.record(List.of(new JournalEntry(JournalEntry.Kind.CLAIMED, eventId("claimed", id), batches.ledgerPeriod(batch.get()),
                    clock.instant(), reason, List.of(
                    new JournalEntry.Posting(LedgerAccounts.creatorSettled(account), LedgerAccounts.TOKEN, -amount),
                    new JournalEntry.Posting(LedgerAccounts.creatorClaimed(account), LedgerAccounts.TOKEN, amount)))));
        }
        return true;
    }

    /**
     * A settle or veto Murmur's own batches do not explain raises an alert: a batch id Murmur never submitted
     * (someone else signed with the operator key), a root, total or manifest hash other than Murmur's, or a
     * veto of a batch Murmur does not know or already counted FINAL.
     */
    private void compareWithOwnBatches(long chainId, String contract, ChainClient.ContractLog log) {
        Optional<Batch> own = batches.byChainBatchId(contract, log.batchId());
        ChainAlerts.Kind kind = null;
        String detail = null;
        if (log.event().equals("BatchSettled")) {
            if (own.isEmpty()) {
                kind = ChainAlerts.Kind.UNKNOWN_BATCH;
                detail = "batch " + log.batchId() + " was settled with root " + log.root() + " and cumulative total " + log.cumulative()
                        + ", but Murmur submitted no batch with this id";
            } else if (!own.get().root().equalsIgnoreCase(log.root()) || !own.get().manifestHash().equalsIgnoreCase(log.manifestHash())
                    // A BigInteger compare: a foreign total past a long must raise the alert, not stall the listener.
                    || !BigInteger.valueOf(own.get().cumulativeTotal()).equals(log.cumulative())) {
                kind = ChainAlerts.Kind.ROOT_MISMATCH;
                detail = "batch " + log.batchId() + " was settled with root " + log.root() + ", total " + log.cumulative() + ", manifest "
                        + log.manifestHash() + "; Murmur's batch " + own.get().id() + " has root " + own.get().root() + ", total "
                        + own.get().cumulativeTotal() + ", manifest " + own.get().manifestHash();
            }
        } else if (own.isEmpty()) {
            kind = ChainAlerts.Kind.UNKNOWN_VETO;
            detail = "batch " + log.batchId() + " was vetoed by " + log.address() + ", but Murmur submitted no batch with this id";
        } else if (own.get().status() == Batch.Status.FINAL) {
            kind = ChainAlerts.Kind.VETO_AFTER_FINAL;
            detail = "batch " + log.batchId() + " was vetoed by " + log.address() + ", but Murmur's batch " + own.get().id()
                    + " is FINAL (its amounts are posted as settled)";
        }
        if (kind != null) {
            alerts.raise(chainId, contract, kind, log.batchId(), log.transactionHash(), log.logIndex(), log.blockNumber(), detail);
        }
    }

    /** Each veto of a batch Murmur knows moves that batch on now (to VETOED once the veto is deep enough). */
    private void reconcileVetoes(ChainClient chain, String contract, List<ChainClient.ContractLog> logs) {
        for (ChainClient.ContractLog log : logs) {
            if (log.event().equals("BatchVetoed")) {
                batches.byChainBatchId(contract, log.batchId()).filter(b -> b.status().open())
                        .ifPresent(b -> batches.on(chain).advance(b.id()));
            }
        }
    }

    /** Marks a log removed and reverses its ledger effect (a claim goes back from claimed to settled). */
    private void reverse(long logId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        select event, account_id, amount, tx_hash, log_index, block_hash, batch_id, contract from chain_log where id = :id""")
                .setParameter("id", logId).getResultList();
        Object[] r = rows.getFirst();
        em.createNativeQuery("update chain_log set removed_at = :t where id = :id")
                .setParameter("t", clock.instant()).setParameter("id", logId).executeUpdate();
        if ("Deposited".equals(r[0]) && ledgerQueries.entryExists(eventId("deposit", logId))) {
            String address = (String) em.createNativeQuery("select address from chain_log where id = :id").setParameter("id", logId)
                    .getSingleResult();
            long amount = ((BigDecimal) r[2]).longValueExact();
            tips.reverseDeposit(eventId("deposit-reversed", logId), wallets.ownerOf(address), address, amount,
                    Map.of("tx", r[3], "logIndex", r[4], "blockHash", r[5], "reversing", eventId("deposit", logId).toString(),
                            "why", "block no longer canonical"));
            LOG.warnf("deposit %s#%s from %s (%d) reversed: its block left the canonical chain", r[3], r[4], address, amount);
        }
        if ("Claimed".equals(r[0]) && r[1] != null && ledgerQueries.entryExists(eventId("claimed", logId))) {
            long account = ((Number) r[1]).longValue();
            long amount = ((BigDecimal) r[2]).longValueExact();
            long period = batches.byChainBatchId((String) r[7], ((Number) r[6]).longValue()).map(batches::ledgerPeriod).orElseThrow();
            Map<String, Object> reason = Map.of("tx", r[3], "logIndex", r[4], "blockHash", r[5], "reversing", eventId("claimed", logId).toString(),
                    "why", "block no longer canonical");
            ledger.record(List.of(new JournalEntry(JournalEntry.Kind.CLAIM_REVERSED, eventId("claim-reversed", logId), period,
                    clock.instant(), reason, List.of(
                    new JournalEntry.Posting(LedgerAccounts.creatorClaimed(account), LedgerAccounts.TOKEN, -amount),
                    new JournalEntry.Posting(LedgerAccounts.creatorSettled(account), LedgerAccounts.TOKEN, amount)))));
            LOG.warnf("claim %s#%s of account %d (%d) reversed: its block left the canonical chain", r[3], r[4], account, amount);
        }
    }

    /**
     * The amount as the ledger keeps it. The ledger counts in a long (up to 9.2 * 10^18 base units, 9.2
     * trillion tokens of 6 decimals); the contract takes anything up to uint256. A log beyond that range is
     * stored (chain_log.amount is numeric(78)) but not booked, with an error for operators, and the
     * listener moves on past it: one odd log never stalls the ones after it (docs/security.md).
     */
    private static OptionalLong ledgerAmount(ChainClient.ContractLog log) {
        BigInteger amount = log.amount();
        if (amount != null && amount.signum() >= 0 && amount.bitLength() < Long.SIZE) {
            return OptionalLong.of(amount.longValueExact());
        }
        LOG.errorf("%s of %s by %s in %s#%d is beyond the ledger's range; stored in chain_log, not booked. An operator"
                + " must resolve it by hand.", log.event(), amount, log.address(), log.transactionHash(), log.logIndex());
        return OptionalLong.empty();
    }

    private static UUID eventId(String what, long logId) {
        return UUID.nameUUIDFromBytes((what + ":chain-log:" + logId).getBytes(StandardCharsets.UTF_8));
    }

    private static BigDecimal decimal(BigInteger value) {
        return value == null ? null : new BigDecimal(value);
    }

    private String toJson(ChainClient.ContractLog log) {
        try {
            return json.writeValueAsString(log);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
