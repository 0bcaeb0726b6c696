package dev.murmur.settlement.batch.plan;

import dev.murmur.settlement.merkle.StandardMerkleTree;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The entitlement maths of a batch. Pure: balances, wallets and the previous batch come in, the
 * entitlements go out, so every rule here has a unit test of its own ({@code EntitlementsTest}).
 *
 * <p>Entitlements are per address and per contract (decision 0401): every address of the latest FINAL
 * batch on this contract keeps its cumulative amount, and each creator's unsettled money goes to the
 * creator's current wallet only. So an address a creator left keeps exactly what was settled to it,
 * and money settled on another contract is never owed twice.
 */
public final class Entitlements {

    private Entitlements() {
    }

    /**
     * @param unsettled each creator's unsettled token balance (never negative)
     * @param settled   each creator's settled token balance, reported for creators left out
     * @param linked    each creator's current wallet
     * @param previous  the entitlements of the latest FINAL batch on the contract (empty if none)
     */
    public static EntitlementPlan plan(Map<Long, Long> unsettled, Map<Long, Long> settled, Map<Long, String> linked,
                                       List<Entitlement> previous) {
        Map<Long, List<Entitlement>> before = new HashMap<>();
        previous.forEach(e -> before.computeIfAbsent(e.accountId(), a -> new ArrayList<>()).add(e));
        Set<Long> creators = new TreeSet<>(unsettled.keySet());
        creators.addAll(before.keySet());
        List<Entitlement> entitlements = new ArrayList<>();
        List<LeftOut> leftOut = new ArrayList<>();
        for (long creator : creators) {
            long u = unsettled.getOrDefault(creator, 0L);
            if (u < 0) {
                throw new IllegalStateException("creator " + creator + " has a negative unsettled balance: " + u);
            }
            String wallet = linked.get(creator);
            if (wallet == null && u > 0) {
                leftOut.add(new LeftOut(creator, u, settled.getOrDefault(creator, 0L), "no-wallet"));
            }
            List<Entitlement> rows = new ArrayList<>();
            boolean paid = false;
            for (Entitlement old : before.getOrDefault(creator, List.of())) {
                long add = old.wallet().equals(wallet) ? u : 0;
                paid |= add > 0;
                rows.add(new Entitlement(creator, old.wallet(), Math.addExact(old.cumulative(), add), add));
            }
            if (wallet != null && u > 0 && !paid) {
                rows.add(new Entitlement(creator, wallet, u, u));
            }
            rows.sort(Comparator.comparing(Entitlement::wallet));
            entitlements.addAll(rows);
        }
        return new EntitlementPlan(entitlements, leftOut);
    }

    /** Belt and braces: no address's cumulative amount falls below the one in the previous FINAL batch. */
    public static void requireNeverDecreases(List<Entitlement> previous, List<Entitlement> next) {
        Map<String, Long> now = new LinkedHashMap<>();
        next.forEach(e -> now.put(e.wallet(), e.cumulative()));
        for (Entitlement before : previous) {
            if (now.getOrDefault(before.wallet(), 0L) < before.cumulative()) {
                throw new IllegalStateException("cumulative entitlement of " + before.wallet() + " (account " + before.accountId()
                        + ") would fall from " + before.cumulative() + " to " + now.get(before.wallet()));
            }
        }
    }

    /** The Merkle tree the contract checks claims against: one (address, cumulative) leaf per entitlement. */
    public static StandardMerkleTree tree(List<Entitlement> entitlements) {
        return StandardMerkleTree.of(entitlements.stream()
                .map(e -> new StandardMerkleTree.Leaf(e.wallet(), BigInteger.valueOf(e.cumulative()))).toList());
    }

    /** Each account's positive deltas, summed over its wallets: what a batch settles for it. */
    public static Map<Long, Long> deltasByAccount(List<Entitlement> entitlements) {
        Map<Long, Long> deltas = new TreeMap<>();
        for (Entitlement e : entitlements) {
            if (e.delta() > 0) {
                deltas.merge(e.accountId(), e.delta(), Math::addExact);
            }
        }
        return deltas;
    }
}
