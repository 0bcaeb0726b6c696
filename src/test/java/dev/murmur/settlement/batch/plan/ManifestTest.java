package dev.murmur.settlement.batch.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.murmur.chain.Keccak;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The published manifest: its field order and string amounts are a format readers rely on, and its hash is of its exact bytes. */
class ManifestTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Entitlement> ROWS = List.of(
            new Entitlement(1, "0x00000000000000000000000000000000000000aa", 70, 70),
            new Entitlement(2, "0x00000000000000000000000000000000000000bb", 30, 30));
    private static final Manifest.Header HEADER = new Manifest.Header(31337, "0x00000000000000000000000000000000000000cc", 4, 9,
            3L, 5L, 100, 40, 100, Instant.parse("2026-12-04T12:00:00Z"));

    @Test
    void fieldsComeInTheDocumentedOrderWithAmountsAsStrings() throws Exception {
        JsonNode m = JSON.readTree(Manifest.of(JSON, HEADER, ROWS).json());

        assertThat(m.fieldNames()).toIterable().containsExactly("format", "chainId", "contract", "batchId", "murmurBatch", "periods",
                "root", "cumulativeTotal", "cumulativeEscrow", "deltaTotal", "createdAt", "entitlements", "tree");
        assertThat(m.get("format").asText()).isEqualTo("murmur-settlement-v1");
        assertThat(m.get("batchId").asLong()).isEqualTo(4);
        assertThat(m.get("murmurBatch").asLong()).isEqualTo(9);
        assertThat(m.get("periods").get("from").asLong()).isEqualTo(3);
        assertThat(m.get("cumulativeTotal").isTextual()).isTrue();
        assertThat(m.get("cumulativeEscrow").asText()).isEqualTo("40");
        assertThat(m.get("root").asText()).isEqualTo(Entitlements.tree(ROWS).rootHex());
        assertThat(m.get("entitlements").get(1).get("cumulative").asText()).isEqualTo("30");
        assertThat(m.get("tree").get("values")).hasSize(2);
        assertThat(m.get("createdAt").asText()).isEqualTo("2026-12-04T12:00:00Z");
    }

    @Test
    void theHashIsKeccakOfTheExactBytesAndTheSameInputGivesTheSameBytes() {
        Manifest one = Manifest.of(JSON, HEADER, ROWS);
        Manifest two = Manifest.of(JSON, HEADER, ROWS);

        assertThat(one.hash()).isEqualTo(Keccak.hashText(one.json())).startsWith("0x").hasSize(66);
        assertThat(two).isEqualTo(one);
        assertThat(Manifest.of(JSON, HEADER, ROWS.subList(0, 1)).hash()).isNotEqualTo(one.hash());
    }

    /** The v1 bytes are pinned: a change to how the manifest is built must not change one byte of what is hashed. */
    @Test
    void theV1BytesStayTheSame() {
        assertThat(Manifest.of(JSON, HEADER, ROWS).json()).isEqualTo("""
                {"format":"murmur-settlement-v1","chainId":31337,"contract":"0x00000000000000000000000000000000000000cc","batchId":4,"murmurBatch":9,"periods":{"from":3,"through":5},"root":"0xc873129b86ee1e1e18d16764f4946cbc7d06775a857a1c067e1863996e00f93b","cumulativeTotal":"100","cumulativeEscrow":"40","deltaTotal":"100","createdAt":"2026-12-04T12:00:00Z","entitlements":[{"account":1,"wallet":"0x00000000000000000000000000000000000000aa","cumulative":"70","delta":"70"},{"account":2,"wallet":"0x00000000000000000000000000000000000000bb","cumulative":"30","delta":"30"}],"tree":{"format":"standard-v1","leafEncoding":["address","uint256"],"tree":["0xc873129b86ee1e1e18d16764f4946cbc7d06775a857a1c067e1863996e00f93b","0xdbdefb2f878fa4210a52e0157d80772e906f23019fe1fe9100cd40bf136cc8e3","0x5e47329c706e753fe9b574abb7cf2ebc167015c705d735b46cd1866807eb8b1f"],"values":[{"value":["0x00000000000000000000000000000000000000aa","70"],"treeIndex":2},{"value":["0x00000000000000000000000000000000000000bb","30"],"treeIndex":1}]}}""");
    }
}
