package dev.murmur.settlement.batch.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.murmur.chain.Keccak;
import dev.murmur.settlement.merkle.StandardMerkleTree;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A batch's published manifest ({@code murmur-settlement-v1}, docs/settlement.md) and the keccak256 of
 * its exact bytes, which the settle transaction carries. Pure: the same header and entitlements always
 * give the same bytes, so the hash on chain can be checked by anyone ({@code ManifestTest}). Amounts are
 * strings, so readers in any language keep every digit.
 */
public record Manifest(String json, String hash) {

    /** Everything in a manifest besides the entitlements and their tree. */
    public record Header(long chainId, String contract, long chainBatchId, long murmurBatch, Long periodsFrom,
                         Long periodsThrough, long cumulativeTotal, long cumulativeEscrow, long deltaTotal, Instant createdAt) {
    }

    public static Manifest of(ObjectMapper json, Header h, List<Entitlement> entitlements) {
        StandardMerkleTree tree = Entitlements.tree(entitlements);
        List<Map<String, Object>> values = new ArrayList<>();
        for (int i = 0; i < tree.values().size(); i++) {
            StandardMerkleTree.Leaf leaf = tree.values().get(i);
            values.add(ordered("value", List.of(leaf.account(), leaf.amount().toString()), "treeIndex", tree.treeIndexOf(i)));
        }
        List<Map<String, Object>> creators = entitlements.stream()
                .map(e -> ordered("account", e.accountId(), "wallet", e.wallet(), "cumulative", Long.toString(e.cumulative()),
                        "delta", Long.toString(e.delta()))).toList();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", "murmur-settlement-v1");
        m.put("chainId", h.chainId());
        m.put("contract", h.contract());
        m.put("batchId", h.chainBatchId());
        m.put("murmurBatch", h.murmurBatch());
        m.put("periods", ordered("from", h.periodsFrom(), "through", h.periodsThrough()));
        m.put("root", entitlements.isEmpty() ? null : tree.rootHex());
        m.put("cumulativeTotal", Long.toString(h.cumulativeTotal()));
        m.put("cumulativeEscrow", Long.toString(h.cumulativeEscrow()));
        m.put("deltaTotal", Long.toString(h.deltaTotal()));
        m.put("createdAt", h.createdAt().toString());
        m.put("entitlements", creators);
        m.put("tree", ordered("format", "standard-v1", "leafEncoding", List.of("address", "uint256"), "tree", tree.treeHex(),
                "values", values));
        try {
            String text = json.writeValueAsString(m);
            return new Manifest(text, Keccak.hashText(text));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
