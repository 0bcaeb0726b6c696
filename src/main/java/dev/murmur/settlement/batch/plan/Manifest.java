package dev.murmur.settlement.batch.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.murmur.chain.Keccak;
import dev.murmur.settlement.merkle.StandardMerkleTree;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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

    /** The document, field for field in its published order (docs/settlement.md, "The manifest"). */
    @JsonPropertyOrder({"format", "chainId", "contract", "batchId", "murmurBatch", "periods", "root", "cumulativeTotal",
            "cumulativeEscrow", "deltaTotal", "createdAt", "entitlements", "tree"})
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Document(String format, long chainId, String contract, long batchId, long murmurBatch, Periods periods, String root,
                    String cumulativeTotal, String cumulativeEscrow, String deltaTotal, String createdAt,
                    List<Creator> entitlements, Tree tree) {
    }

    @JsonPropertyOrder({"from", "through"})
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Periods(Long from, Long through) {
    }

    /** One creator's line: amounts are strings, so readers in any language keep every digit. */
    @JsonPropertyOrder({"account", "wallet", "cumulative", "delta"})
    record Creator(long account, String wallet, String cumulative, String delta) {
    }

    /** The tree in OpenZeppelin's StandardMerkleTree dump format, so its tooling can load it. */
    @JsonPropertyOrder({"format", "leafEncoding", "tree", "values"})
    record Tree(String format, List<String> leafEncoding, List<String> tree, List<Value> values) {
    }

    @JsonPropertyOrder({"value", "treeIndex"})
    record Value(List<String> value, int treeIndex) {
    }

    public static Manifest of(ObjectMapper json, Header h, List<Entitlement> entitlements) {
        StandardMerkleTree tree = Entitlements.tree(entitlements);
        List<Value> values = new ArrayList<>();
        for (int i = 0; i < tree.values().size(); i++) {
            StandardMerkleTree.Leaf leaf = tree.values().get(i);
            values.add(new Value(List.of(leaf.account(), leaf.amount().toString()), tree.treeIndexOf(i)));
        }
        List<Creator> creators = entitlements.stream()
                .map(e -> new Creator(e.accountId(), e.wallet(), Long.toString(e.cumulative()), Long.toString(e.delta()))).toList();
        Document document = new Document("murmur-settlement-v1", h.chainId(), h.contract(), h.chainBatchId(), h.murmurBatch(),
                new Periods(h.periodsFrom(), h.periodsThrough()), entitlements.isEmpty() ? null : tree.rootHex(),
                Long.toString(h.cumulativeTotal()), Long.toString(h.cumulativeEscrow()), Long.toString(h.deltaTotal()),
                h.createdAt().toString(), creators,
                new Tree("standard-v1", List.of("address", "uint256"), tree.treeHex(), values));
        try {
            String text = json.writeValueAsString(document);
            return new Manifest(text, Keccak.hashText(text));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
