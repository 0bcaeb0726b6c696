package dev.murmur.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.murmur.chain.ChainClient;
import dev.murmur.chain.ContractEvent;
import dev.murmur.chain.Hex;
import dev.murmur.chain.Keccak;
import dev.murmur.settlement.merkle.StandardMerkleTree;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The checks of an independent batch audit, as a pure function of the published manifest, the
 * previous one (optional), facts read from the chain, and (optional) the ledger's view. Used by the
 * standalone CLI ({@link AuditCli}: no database) and the auditor API alike. docs/audit.md explains each check.
 */
public final class BatchAudit {

    public enum Status { PASS, FAIL, SKIP }

    /** One named check; {@code accounts} are the addresses (or ledger account ids) involved in a failure. */
    public record Check(String name, Status status, String detail, List<String> accounts) {
    }

    public record Report(long batchId, String contract, long chainId, boolean passed, List<Check> checks) {
        public List<Check> failed() {
            return checks.stream().filter(c -> c.status() == Status.FAIL).toList();
        }

        public Optional<Check> check(String name) {
            return checks.stream().filter(c -> c.name().equals(name)).findFirst();
        }
    }

    /**
     * What the chain says.
     *
     * @param settled               the {@code BatchSettled} log of batch N (empty if there is none)
     * @param batch                 the contract's {@code batches(N)}
     * @param previousStandingTotal the cumulative total of the latest batch before N that is not vetoed (0 if none)
     * @param contractBalance       the payout token balance of the contract
     * @param totalClaimed          the contract's {@code totalClaimed()}
     * @param claims                every {@code Claimed} log of the contract
     */
    public record ChainFacts(long chainId, String contract, Optional<ContractEvent.BatchSettled> settled, ChainClient.Batch batch,
                             BigInteger previousStandingTotal, BigInteger contractBalance, BigInteger totalClaimed,
                             List<ContractEvent.Claimed> claims) {
    }

    public static final List<String> CHECKS = List.of("manifest-hash", "root", "proofs", "cumulative-never-decreases", "deltas-sum",
            "solvency", "claims-within-entitlement", "no-duplicate-accounts", "ledger");

    private static final ObjectMapper JSON = new ObjectMapper();

    private BatchAudit() {
    }

    /** One row of the manifest: a tree value, with the creator account the entitlements section gives it. */
    private record Row(String address, BigInteger cumulative, int treeIndex) {
    }

    /**
     * @param ledger each Murmur account's cumulative entitlement on this contract through batch N, per the
     *               ledger's settled (and this batch's pending) postings; empty to skip the ledger check
     */
    public static Report audit(long n, String manifest, Optional<String> previous, ChainFacts chain,
                               Optional<Map<Long, BigInteger>> ledger) {
        List<Check> checks = new ArrayList<>();
        JsonNode m;
        try {
            m = JSON.readTree(manifest);
        } catch (IOException e) {
            checks.add(new Check("manifest-hash", Status.FAIL, "the manifest is not JSON: " + e.getMessage(), List.of()));
            return new Report(n, chain.contract(), chain.chainId(), false, checks);
        }
        String chainRoot = chain.batch().root().toLowerCase(Locale.ROOT);
        byte[] root = Hex.decode(chainRoot);

        // 1. manifest hash
        String hash = Keccak.hashText(manifest);
        List<String> identity = new ArrayList<>();
        if (m.path("batchId").asLong(-1) != n) identity.add("batchId is " + m.path("batchId") + ", not " + n);
        if (!m.path("contract").asText("").equalsIgnoreCase(chain.contract())) identity.add("contract is " + m.path("contract").asText());
        if (m.path("chainId").asLong(-1) != chain.chainId()) identity.add("chainId is " + m.path("chainId"));
        if (chain.settled().isEmpty()) {
            checks.add(fail("manifest-hash", "no BatchSettled log for batch " + n + " on " + chain.contract()));
        } else if (!chain.settled().get().manifestHash().equalsIgnoreCase(hash)) {
            checks.add(fail("manifest-hash", "keccak256(manifest) = " + hash + ", the BatchSettled log of batch " + n + " (tx "
                    + chain.settled().get().at().transactionHash() + ") holds " + chain.settled().get().manifestHash()));
        } else if (!identity.isEmpty()) {
            checks.add(fail("manifest-hash", String.join("; ", identity)));
        } else {
            checks.add(pass("manifest-hash", "keccak256(manifest) = " + hash + " = the hash in BatchSettled (tx "
                    + chain.settled().get().at().transactionHash() + ")"));
        }

        // Rows: the tree's values; the entitlements section must say the same.
        List<Row> rows = new ArrayList<>();
        for (JsonNode v : m.path("tree").path("values")) {
            rows.add(new Row(v.path("value").path(0).asText("").toLowerCase(Locale.ROOT), amount(v.path("value").path(1)),
                    v.path("treeIndex").asInt(-1)));
        }
        Map<String, BigInteger> cumulativeByAddress = new LinkedHashMap<>();
        rows.forEach(r -> cumulativeByAddress.merge(r.address(), r.cumulative(), BigInteger::add));
        List<String> dump = new ArrayList<>();
        m.path("tree").path("tree").forEach(t -> dump.add(t.asText("").toLowerCase(Locale.ROOT)));

        // 2. root rebuilt from the values
        StandardMerkleTree rebuilt = null;
        try {
            rebuilt = StandardMerkleTree.of(rows.stream().map(r -> new StandardMerkleTree.Leaf(r.address(), r.cumulative())).toList());
        } catch (RuntimeException e) {
            checks.add(fail("root", "the tree cannot be rebuilt from the manifest's values: " + e.getMessage()));
        }
        if (rebuilt != null) {
            List<String> problems = new ArrayList<>();
            if (!rebuilt.rootHex().equalsIgnoreCase(chainRoot)) problems.add("rebuilt root " + rebuilt.rootHex() + " != on-chain root " + chainRoot);
            if (!m.path("root").asText("").equalsIgnoreCase(chainRoot)) problems.add("manifest root " + m.path("root").asText() + " != on-chain root " + chainRoot);
            if (!rebuilt.treeHex().equals(dump)) problems.add("the dump's tree array is not the tree of its values");
            List<String> mismatched = new ArrayList<>();
            Map<String, BigInteger> fromEntitlements = new HashMap<>();
            for (JsonNode e : m.path("entitlements")) {
                fromEntitlements.merge(e.path("wallet").asText("").toLowerCase(Locale.ROOT), amount(e.path("cumulative")), BigInteger::add);
            }
            Set<String> all = new TreeSet<>(fromEntitlements.keySet());
            all.addAll(cumulativeByAddress.keySet());
            for (String a : all) {
                if (!java.util.Objects.equals(fromEntitlements.get(a), cumulativeByAddress.get(a))) mismatched.add(a);
            }
            if (!mismatched.isEmpty()) problems.add("entitlements and tree values disagree for " + mismatched.size() + " address(es)");
            checks.add(problems.isEmpty() ? pass("root", "the tree of the " + rows.size() + " values has the on-chain root " + chainRoot)
                    : new Check("root", Status.FAIL, String.join("; ", problems), mismatched));
        }

        // 3. every leaf's proof (siblings from the published dump) verifies against the on-chain root
        List<String> badProofs = new ArrayList<>();
        for (Row r : rows) {
            if (!proofVerifies(r, dump, root)) badProofs.add(r.address());
        }
        checks.add(rows.isEmpty() ? fail("proofs", "the manifest has no leaves")
                : badProofs.isEmpty() ? pass("proofs", rows.size() + " proofs verify against " + chainRoot)
                : new Check("proofs", Status.FAIL, badProofs.size() + " of " + rows.size() + " proofs do not verify", badProofs));

        // 4. never decreasing against N-1
        Map<String, BigInteger> before = new LinkedHashMap<>();
        boolean previousIsStanding = false;
        if (previous.isPresent()) {
            try {
                JsonNode p = JSON.readTree(previous.get());
                for (JsonNode v : p.path("tree").path("values")) {
                    before.merge(v.path("value").path(0).asText("").toLowerCase(Locale.ROOT), amount(v.path("value").path(1)), BigInteger::add);
                }
                previousIsStanding = amount(p.path("cumulativeTotal")).equals(chain.previousStandingTotal()) && p.path("batchId").asLong() == n - 1;
                List<String> decreased = new ArrayList<>();
                before.forEach((a, was) -> {
                    if (cumulativeByAddress.getOrDefault(a, BigInteger.ZERO).compareTo(was) < 0) decreased.add(a);
                });
                checks.add(p.path("batchId").asLong() != n - 1
                        ? fail("cumulative-never-decreases", "the previous manifest is batch " + p.path("batchId") + ", not " + (n - 1))
                        : decreased.isEmpty() ? pass("cumulative-never-decreases", before.size() + " addresses of batch " + (n - 1) + " kept or grew")
                        : new Check("cumulative-never-decreases", Status.FAIL, decreased.size() + " address(es) are lower than in batch " + (n - 1)
                        + " (or missing)", decreased));
            } catch (IOException e) {
                checks.add(fail("cumulative-never-decreases", "the previous manifest is not JSON: " + e.getMessage()));
            }
        } else {
            checks.add(new Check("cumulative-never-decreases", n == 1 ? Status.PASS : Status.SKIP,
                    n == 1 ? "batch 1 has no predecessor" : "no manifest of batch " + (n - 1) + " given", List.of()));
        }

        // 5. deltas add up to the change of the cumulative total
        {
            BigInteger deltaSum = BigInteger.ZERO;
            List<String> wrongDeltas = new ArrayList<>();
            for (JsonNode e : m.path("entitlements")) {
                BigInteger delta = amount(e.path("delta"));
                deltaSum = deltaSum.add(delta);
                String wallet = e.path("wallet").asText("").toLowerCase(Locale.ROOT);
                if (previousIsStanding && !amount(e.path("cumulative")).subtract(before.getOrDefault(wallet, BigInteger.ZERO)).equals(delta)) {
                    wrongDeltas.add(wallet);
                }
            }
            BigInteger valueSum = rows.stream().map(Row::cumulative).reduce(BigInteger.ZERO, BigInteger::add);
            BigInteger change = chain.batch().cumulativeTotal().subtract(chain.previousStandingTotal());
            List<String> problems = new ArrayList<>();
            if (!valueSum.equals(chain.batch().cumulativeTotal())) problems.add("the values add up to " + valueSum + ", the chain's total is " + chain.batch().cumulativeTotal());
            if (!amount(m.path("cumulativeTotal")).equals(chain.batch().cumulativeTotal())) problems.add("manifest cumulativeTotal " + m.path("cumulativeTotal").asText() + " != chain " + chain.batch().cumulativeTotal());
            if (!deltaSum.equals(change)) problems.add("the deltas add up to " + deltaSum + ", the cumulative total changed by " + change
                    + " (" + chain.previousStandingTotal() + " -> " + chain.batch().cumulativeTotal() + ")");
            if (!amount(m.path("deltaTotal")).equals(deltaSum)) problems.add("manifest deltaTotal " + m.path("deltaTotal").asText() + " != sum of deltas " + deltaSum);
            if (!wrongDeltas.isEmpty()) problems.add(wrongDeltas.size() + " delta(s) differ from the change against batch " + (n - 1));
            checks.add(problems.isEmpty() ? pass("deltas-sum", "deltas add up to " + deltaSum + " = " + chain.batch().cumulativeTotal() + " - "
                    + chain.previousStandingTotal()) : new Check("deltas-sum", Status.FAIL, String.join("; ", problems), wrongDeltas));
        }

        // 6. solvency
        BigInteger available = chain.contractBalance().add(chain.totalClaimed());
        checks.add(available.compareTo(chain.batch().cumulativeTotal()) >= 0
                ? pass("solvency", "balance " + chain.contractBalance() + " + claimed " + chain.totalClaimed() + " >= " + chain.batch().cumulativeTotal())
                : fail("solvency", "balance " + chain.contractBalance() + " + claimed " + chain.totalClaimed() + " = " + available + " < " + chain.batch().cumulativeTotal()));

        // 7. claims within entitlement (claims against batch N or earlier; amounts never decrease, so N bounds them)
        List<String> overClaimed = new ArrayList<>();
        int counted = 0;
        for (ContractEvent.Claimed c : chain.claims()) {
            if (c.batchId() > n) continue;
            counted++;
            if (c.cumulativeClaimed().compareTo(cumulativeByAddress.getOrDefault(c.account(), BigInteger.ZERO)) > 0) overClaimed.add(c.account());
        }
        checks.add(overClaimed.isEmpty() ? pass("claims-within-entitlement", counted + " claim(s) up to batch " + n + " are within their entitlement")
                : new Check("claims-within-entitlement", Status.FAIL, overClaimed.size() + " claim(s) exceed the address's entitlement in batch " + n,
                overClaimed.stream().distinct().toList()));

        // 8. no duplicate accounts
        Set<String> seen = new HashSet<>();
        Set<String> dupes = new TreeSet<>();
        rows.forEach(r -> {
            if (!seen.add(r.address())) dupes.add(r.address());
        });
        Set<String> seenWallets = new HashSet<>();
        m.path("entitlements").forEach(e -> {
            if (!seenWallets.add(e.path("wallet").asText("").toLowerCase(Locale.ROOT))) dupes.add(e.path("wallet").asText().toLowerCase(Locale.ROOT));
        });
        checks.add(dupes.isEmpty() ? pass("no-duplicate-accounts", rows.size() + " distinct addresses")
                : new Check("no-duplicate-accounts", Status.FAIL, dupes.size() + " address(es) appear more than once", List.copyOf(dupes)));

        // 9. ledger
        if (ledger.isPresent()) {
            Map<Long, BigInteger> manifestByAccount = new HashMap<>();
            for (JsonNode e : m.path("entitlements")) {
                manifestByAccount.merge(e.path("account").asLong(), amount(e.path("cumulative")), BigInteger::add);
            }
            Set<Long> accounts = new TreeSet<>(manifestByAccount.keySet());
            accounts.addAll(ledger.get().keySet());
            List<String> off = new ArrayList<>();
            for (long a : accounts) {
                BigInteger l = ledger.get().getOrDefault(a, BigInteger.ZERO);
                if (!l.equals(manifestByAccount.getOrDefault(a, BigInteger.ZERO))) off.add("account " + a + ": manifest "
                        + manifestByAccount.getOrDefault(a, BigInteger.ZERO) + ", ledger " + l);
            }
            checks.add(off.isEmpty() ? pass("ledger", accounts.size() + " accounts' cumulative entitlements equal their settled postings")
                    : new Check("ledger", Status.FAIL, off.size() + " account(s) differ from the ledger", off));
        } else {
            checks.add(new Check("ledger", Status.SKIP, "not asked (--ledger)", List.of()));
        }
        boolean passed = checks.stream().noneMatch(c -> c.status() == Status.FAIL);
        return new Report(n, chain.contract(), chain.chainId(), passed, checks);
    }

    /** OpenZeppelin's getProof over the dump's array: the siblings from the leaf's treeIndex up. */
    private static boolean proofVerifies(Row r, List<String> dump, byte[] root) {
        int i = r.treeIndex();
        if (i < 0 || i >= dump.size() || dump.size() % 2 == 0 || i < dump.size() / 2) {
            return false;
        }
        try {
            StandardMerkleTree.Leaf leaf = new StandardMerkleTree.Leaf(r.address(), r.cumulative());
            if (!Arrays.equals(StandardMerkleTree.leafHash(leaf), Hex.decode(dump.get(i)))) {
                return false;
            }
            List<byte[]> proof = new ArrayList<>();
            for (int j = i; j > 0; j = (j - 1) / 2) {
                proof.add(Hex.decode(dump.get(j % 2 == 1 ? j + 1 : j - 1)));
            }
            return StandardMerkleTree.verify(root, leaf, proof);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static BigInteger amount(JsonNode node) {
        try {
            return new BigInteger(node.asText("-1"));
        } catch (NumberFormatException e) {
            return BigInteger.valueOf(-1);
        }
    }

    private static Check pass(String name, String detail) {
        return new Check(name, Status.PASS, detail, List.of());
    }

    private static Check fail(String name, String detail) {
        return new Check(name, Status.FAIL, detail, List.of());
    }

    /** The readable report. */
    public static String text(Report r) {
        StringBuilder b = new StringBuilder();
        b.append("Audit of batch ").append(r.batchId()).append(" on contract ").append(r.contract()).append(" (chain ").append(r.chainId())
                .append("): ").append(r.passed() ? "PASSED" : "FAILED").append('\n');
        for (Check c : r.checks()) {
            b.append(String.format("  [%s] %-27s %s%n", c.status(), c.name(), c.detail()));
            for (String a : c.accounts()) {
                b.append("         ").append(a).append('\n');
            }
        }
        if (!r.passed()) {
            b.append("Failed: ").append(String.join(", ", r.failed().stream().map(Check::name).toList())).append('\n');
        }
        return b.toString();
    }
}
