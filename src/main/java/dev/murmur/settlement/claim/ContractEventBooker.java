package dev.murmur.settlement.claim;

import dev.murmur.account.service.WalletService;
import dev.murmur.chain.ContractEvent;
import dev.murmur.ledger.JournalEntry;
import dev.murmur.ledger.Ledger;
import dev.murmur.ledger.LedgerAccounts;
import dev.murmur.ledger.LedgerQueries;
import dev.murmur.settlement.alert.ChainAlerts;
import dev.murmur.settlement.batch.Batch;
import dev.murmur.settlement.batch.BatchService;
import dev.murmur.tip.service.TipDeposits;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * What one payout-contract event means for Murmur's books, applied exactly once while its block is
 * canonical and reversed when it leaves: a {@code Claimed} of a FINAL batch moves the creator's money from
 * settled to claimed; a reader's {@code Deposited} funds their tipping balance (or is held until an account
 * links the wallet); a {@code BatchSettled} or {@code BatchVetoed} that Murmur's own batches do not explain
 * raises a {@link ChainAlerts} alert (decision 0613). Runs inside the listener's transaction.
 */
@ApplicationScoped
public class ContractEventBooker {

    private static final Logger LOG = Logger.getLogger(ContractEventBooker.class);

    private final ChainLogStore store;
    private final Ledger ledger;
    private final LedgerQueries ledgerQueries;
    private final WalletService wallets;
    private final BatchService batches;
    private final TipDeposits deposits;
    private final ChainAlerts alerts;
    private final Clock clock;

    public ContractEventBooker(ChainLogStore store, Ledger ledger, LedgerQueries ledgerQueries, WalletService wallets,
                               BatchService batches, TipDeposits deposits, ChainAlerts alerts, Clock clock) {
        this.store = store;
        this.ledger = ledger;
        this.ledgerQueries = ledgerQueries;
        this.wallets = wallets;
        this.batches = batches;
        this.deposits = deposits;
        this.alerts = alerts;
        this.clock = clock;
    }

    /**
     * Applies one event unless it is already applied in the same block; returns whether it applied it.
     * {@code operator} is the settler's address: its own deposits fund payouts, not a tipping balance.
     */
    public boolean apply(long chainId, String contract, String operator, ContractEvent event) {
        Optional<ChainLogStore.StoredLog> existing = store.applied(chainId, contract, event.at());
        if (existing.isPresent()) {
            if (existing.get().blockHash().equalsIgnoreCase(event.at().blockHash())) {
                return false;
            }
            reverse(existing.get().id()); // the same transaction, now in another block
        }
        switch (event) {
            case ContractEvent.BatchSettled settled -> {
                store.insert(chainId, contract, event, null);
                compareWithOwnBatch(chainId, contract, settled);
            }
            case ContractEvent.BatchVetoed vetoed -> {
                store.insert(chainId, contract, event, null);
                compareWithOwnBatch(chainId, contract, vetoed);
            }
            case ContractEvent.Claimed claimed -> bookClaim(chainId, contract, claimed);
            case ContractEvent.Deposited deposited -> {
                if (operator != null && operator.equalsIgnoreCase(deposited.from())) {
                    store.insert(chainId, contract, event, null);
                } else {
                    bookDeposit(chainId, contract, deposited);
                }
            }
        }
        return true;
    }

    private void bookClaim(long chainId, String contract, ContractEvent.Claimed claim) {
        Optional<Batch> batch = batches.byChainBatchId(contract, claim.batchId()).filter(b -> b.status() == Batch.Status.FINAL);
        Long account = batch.isPresent() ? wallets.ownerOf(claim.account()).orElse(null) : null;
        if (account == null) {
            LOG.warnf("Claimed by %s under chain batch %d in %s matches no Murmur creator or FINAL batch; stored, not booked",
                    claim.account(), claim.batchId(), claim.at().transactionHash());
        }
        long id = store.insert(chainId, contract, claim, account);
        OptionalLong amount = account == null ? OptionalLong.empty() : ledgerAmount(claim, claim.amount(), claim.account());
        if (amount.isEmpty()) {
            return;
        }
        Map<String, Object> reason = new LinkedHashMap<>();
        reason.put("contract", contract);
        reason.put("chainBatchId", claim.batchId());
        reason.put("wallet", claim.account());
        putPosition(reason, claim.at());
        long units = amount.getAsLong();
        ledger.record(List.of(new JournalEntry(JournalEntry.Kind.CLAIMED, eventId("claimed", id), batches.ledgerPeriod(batch.get()),
                clock.instant(), reason, List.of(
                new JournalEntry.Posting(LedgerAccounts.creatorSettled(account), LedgerAccounts.TOKEN, -units),
                new JournalEntry.Posting(LedgerAccounts.creatorClaimed(account), LedgerAccounts.TOKEN, units)))));
    }

    /** A reader's deposit funds their tipping balance, or waits for an account to link the wallet. */
    private void bookDeposit(long chainId, String contract, ContractEvent.Deposited deposit) {
        Long account = wallets.ownerOf(deposit.from()).orElse(null);
        long id = store.insert(chainId, contract, deposit, account);
        OptionalLong amount = ledgerAmount(deposit, deposit.amount(), deposit.from());
        if (amount.isEmpty()) {
            return;
        }
        Map<String, Object> reason = new LinkedHashMap<>();
        reason.put("wallet", deposit.from());
        putPosition(reason, deposit.at());
        if (account != null) {
            deposits.credit(eventId("deposit", id), account, amount.getAsLong(), reason);
        } else {
            LOG.infof("Deposit of %d from unlinked %s held until an account links it", amount.getAsLong(), deposit.from());
            deposits.hold(eventId("deposit", id), deposit.from(), amount.getAsLong(), reason);
        }
    }

    private static void putPosition(Map<String, Object> reason, ContractEvent.LogPosition at) {
        reason.put("tx", at.transactionHash());
        reason.put("logIndex", at.logIndex());
        reason.put("block", at.blockNumber());
        reason.put("blockHash", at.blockHash());
    }

    /**
     * A settle Murmur's own batches do not explain raises an alert: a batch id Murmur never submitted
     * (someone else signed with the operator key), or a root, total or manifest hash other than Murmur's.
     */
    private void compareWithOwnBatch(long chainId, String contract, ContractEvent.BatchSettled log) {
        Optional<Batch> own = batches.byChainBatchId(contract, log.batchId());
        if (own.isEmpty()) {
            raise(chainId, contract, ChainAlerts.Kind.UNKNOWN_BATCH, log.batchId(), log.at(),
                    "batch " + log.batchId() + " was settled with root " + log.root()
                    + " and cumulative total " + log.cumulativeTotal() + ", but Murmur submitted no batch with this id");
        } else if (!own.get().root().equalsIgnoreCase(log.root()) || !own.get().manifestHash().equalsIgnoreCase(log.manifestHash())
                // A BigInteger compare: a foreign total past a long must raise the alert, not stall the listener.
                || !BigInteger.valueOf(own.get().cumulativeTotal()).equals(log.cumulativeTotal())) {
            raise(chainId, contract, ChainAlerts.Kind.ROOT_MISMATCH, log.batchId(), log.at(),
                    "batch " + log.batchId() + " was settled with root " + log.root()
                    + ", total " + log.cumulativeTotal() + ", manifest " + log.manifestHash() + "; Murmur's batch " + own.get().id()
                    + " has root " + own.get().root() + ", total " + own.get().cumulativeTotal() + ", manifest " + own.get().manifestHash());
        }
    }

    /** A veto of a batch Murmur does not know, or of one it already counted FINAL, raises an alert. */
    private void compareWithOwnBatch(long chainId, String contract, ContractEvent.BatchVetoed log) {
        Optional<Batch> own = batches.byChainBatchId(contract, log.batchId());
        if (own.isEmpty()) {
            raise(chainId, contract, ChainAlerts.Kind.UNKNOWN_VETO, log.batchId(), log.at(),
                    "batch " + log.batchId() + " was vetoed by " + log.auditor()
                    + ", but Murmur submitted no batch with this id");
        } else if (own.get().status() == Batch.Status.FINAL) {
            raise(chainId, contract, ChainAlerts.Kind.VETO_AFTER_FINAL, log.batchId(), log.at(),
                    "batch " + log.batchId() + " was vetoed by " + log.auditor()
                    + ", but Murmur's batch " + own.get().id() + " is FINAL (its amounts are posted as settled)");
        }
    }

    private void raise(long chainId, String contract, ChainAlerts.Kind kind, long batchId, ContractEvent.LogPosition at, String detail) {
        alerts.raise(chainId, contract, kind, batchId, at.transactionHash(), at.logIndex(), at.blockNumber(), detail);
    }

    /** Marks a log removed and reverses its ledger effect (a claim goes back from claimed to settled). */
    public void reverse(long logId) {
        ChainLogStore.RemovedLog log = store.markRemoved(logId);
        Map<String, Object> reason = Map.of("tx", log.transactionHash(), "logIndex", log.logIndex(), "blockHash", log.blockHash(),
                "reversing", eventId(log.event().equals("Claimed") ? "claimed" : "deposit", logId).toString(), "why", "block no longer canonical");
        if ("Deposited".equals(log.event()) && ledgerQueries.entryExists(eventId("deposit", logId))) {
            long amount = log.amount().longValueExact();
            deposits.reverse(eventId("deposit-reversed", logId), wallets.ownerOf(log.address()), log.address(), amount, reason);
            LOG.warnf("deposit %s#%s from %s (%d) reversed: its block left the canonical chain", log.transactionHash(), log.logIndex(),
                    log.address(), amount);
        }
        if ("Claimed".equals(log.event()) && log.accountId() != null && ledgerQueries.entryExists(eventId("claimed", logId))) {
            long account = log.accountId();
            long amount = log.amount().longValueExact();
            long period = batches.byChainBatchId(log.contract(), log.batchId()).map(batches::ledgerPeriod).orElseThrow();
            ledger.record(List.of(new JournalEntry(JournalEntry.Kind.CLAIM_REVERSED, eventId("claim-reversed", logId), period,
                    clock.instant(), reason, List.of(
                    new JournalEntry.Posting(LedgerAccounts.creatorClaimed(account), LedgerAccounts.TOKEN, -amount),
                    new JournalEntry.Posting(LedgerAccounts.creatorSettled(account), LedgerAccounts.TOKEN, amount)))));
            LOG.warnf("claim %s#%s of account %d (%d) reversed: its block left the canonical chain", log.transactionHash(), log.logIndex(),
                    account, amount);
        }
    }

    /**
     * The amount as the ledger keeps it. The ledger counts in a long (up to 9.2 * 10^18 base units, 9.2
     * trillion tokens of 6 decimals); the contract takes anything up to uint256. A log beyond that range is
     * stored (chain_log.amount is numeric(78)) but not booked, with an error for operators, and the
     * listener moves on past it: one odd log never stalls the ones after it (docs/security.md).
     */
    private static OptionalLong ledgerAmount(ContractEvent event, BigInteger amount, String address) {
        if (amount.signum() >= 0 && amount.bitLength() < Long.SIZE) {
            return OptionalLong.of(amount.longValueExact());
        }
        LOG.errorf("%s of %s by %s in %s#%d is beyond the ledger's range; stored in chain_log, not booked. An operator"
                + " must resolve it by hand.", event.name(), amount, address, event.at().transactionHash(), event.at().logIndex());
        return OptionalLong.empty();
    }

    private static UUID eventId(String what, long logId) {
        return UUID.nameUUIDFromBytes((what + ":chain-log:" + logId).getBytes(StandardCharsets.UTF_8));
    }
}
