package dev.murmur.settlement.claim;

import dev.murmur.chain.ChainClient;
import dev.murmur.chain.ContractEvent;
import dev.murmur.chain.LogRangeRefusedException;
import dev.murmur.settlement.batch.Batch;
import dev.murmur.settlement.batch.BatchService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
 * <p>This class drives the polls and the reorg walk; {@link ChainLogStore} keeps the logs and checkpoints,
 * and {@link ContractEventBooker} books each event. Every method takes the {@link ChainClient} to follow, so
 * tests run it against other anvils and contracts.
 */
@ApplicationScoped
public class ChainListener {

    private static final Logger LOG = Logger.getLogger(ChainListener.class);

    /** What one poll did. */
    public record Poll(long fromBlock, long toBlock, int applied, int reversed, String note) {
    }

    /** What one eth_getLogs returned, over which blocks, and the hash of the last one before reading. */
    private record Fetched(long to, Optional<String> before, List<ContractEvent> events) {
    }

    /** The block range per chain and contract; it shrinks when a provider refuses one ({@link LogRange}). */
    private final Map<String, LogRange> ranges = new ConcurrentHashMap<>();

    private final ChainLogStore store;
    private final ContractEventBooker booker;
    private final BatchService batches;
    private final ListenerConfig config;

    public ChainListener(ChainLogStore store, ContractEventBooker booker, BatchService batches, ListenerConfig config) {
        this.store = store;
        this.booker = booker;
        this.batches = batches;
        this.config = config;
    }

    /** One poll with the configured confirmations. */
    public Poll poll(ChainClient chain) {
        return poll(chain, config.confirmations());
    }

    public Poll poll(ChainClient chain, int confirmations) {
        long chainId = chain.chainId().longValueExact();
        String contract = chain.payoutsAddress();
        int reversed = 0;
        Optional<ChainLogStore.Checkpoint> cursor = cursor(chainId, contract);
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
        List<ContractEvent> events = fetched.events();
        String note = null;
        // A claim is booked against settled money: its batch must be FINAL here first.
        for (ContractEvent event : events) {
            if (!(event instanceof ContractEvent.Claimed claim)) {
                continue;
            }
            Optional<Batch> batch = batches.byChainBatchId(contract, claim.batchId());
            if (batch.isPresent() && batch.get().status() != Batch.Status.FINAL) {
                batches.on(chain).advance(batch.get().id());
                batch = batches.byChainBatchId(contract, claim.batchId());
            }
            if (batch.isPresent() && batch.get().status() != Batch.Status.FINAL) {
                to = claim.at().blockNumber() - 1;
                note = "claim in block " + claim.at().blockNumber() + " waits for batch " + batch.get().id() + " to be FINAL";
                long stop = to;
                events.removeIf(e -> e.at().blockNumber() > stop);
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
            store.lock(chainId, contract);
            long expectedFrom = store.cursor(chainId, contract).map(c -> c.block() + 1).orElse(config.startBlock());
            if (expectedFrom != from) {
                return 0; // another poll moved the cursor meanwhile
            }
            int count = 0;
            for (ContractEvent event : events) {
                count += booker.apply(chainId, contract, operator, event) ? 1 : 0;
            }
            store.checkpoint(chainId, contract, end, after.get(), config.checkpoints());
            return count;
        });
        reconcileVetoes(chain, contract, events);
        return new Poll(from, to, applied, reversed, note);
    }

    /** How many blocks one poll of this chain's contract asks for now (murmur.listener.block-range, or less after refusals). */
    public int blockRange(ChainClient chain) {
        return range(chain.chainId().longValueExact(), chain.payoutsAddress()).size();
    }

    private LogRange range(long chainId, String contract) {
        return ranges.computeIfAbsent(chainId + ":" + contract.toLowerCase(Locale.ROOT), k -> new LogRange(config.blockRange()));
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
                List<ContractEvent> events = new ArrayList<>(chain.contractEvents(from, end));
                range.read(end - from + 1);
                return new Fetched(end, before, events);
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

    /** The block the listener has applied everything up to. */
    public Optional<Long> cursorBlock(ChainClient chain) {
        return cursor(chain.chainId().longValueExact(), chain.payoutsAddress()).map(ChainLogStore.Checkpoint::block);
    }

    private Optional<ChainLogStore.Checkpoint> cursor(long chainId, String contract) {
        return QuarkusTransaction.requiringNew().call(() -> store.cursor(chainId, contract));
    }

    /**
     * After a reorg: the newest checkpoint still canonical is the common ancestor. Logs above it whose
     * block is no longer canonical are reversed; newer checkpoints are dropped, so the next range rescans.
     */
    private int rewind(ChainClient chain, long chainId, String contract) {
        return QuarkusTransaction.requiringNew().call(() -> {
            store.lock(chainId, contract);
            long ancestor = config.startBlock() - 1;
            for (ChainLogStore.Checkpoint cp : store.checkpoints(chainId, contract, Integer.MAX_VALUE)) {
                if (chain.blockHash(cp.block()).map(cp.hash()::equalsIgnoreCase).orElse(false)) {
                    ancestor = cp.block();
                    break;
                }
            }
            Map<Long, Optional<String>> canonical = new HashMap<>();
            int reversed = 0;
            for (ChainLogStore.StoredLog log : store.appliedAbove(chainId, contract, ancestor)) {
                Optional<String> hash = canonical.computeIfAbsent(log.blockNumber(), chain::blockHash);
                if (!hash.map(log.blockHash()::equalsIgnoreCase).orElse(false)) {
                    booker.reverse(log.id());
                    reversed++;
                }
            }
            store.dropCheckpointsAbove(chainId, contract, ancestor);
            LOG.warnf("chain %d, contract %s: reorg below the cursor; common ancestor %d, %d log(s) reversed", chainId, contract,
                    ancestor, reversed);
            return reversed;
        });
    }

    /** Each veto of a batch Murmur knows moves that batch on now (to VETOED once the veto is deep enough). */
    private void reconcileVetoes(ChainClient chain, String contract, List<ContractEvent> events) {
        for (ContractEvent event : events) {
            if (event instanceof ContractEvent.BatchVetoed veto) {
                batches.byChainBatchId(contract, veto.batchId()).filter(b -> b.status().open())
                        .ifPresent(b -> batches.on(chain).advance(b.id()));
            }
        }
    }
}
