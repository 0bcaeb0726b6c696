package dev.murmur.settlement.batch;

import dev.murmur.chain.ChainClient;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.math.BigInteger;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * FINAL and VETOED are decided at the newest block with the configured confirmations, reading the batch's
 * vetoed flag and the block's timestamp at that same block (decision 0614). A pure rule: a fake chain of
 * blocks stands in for the node.
 */
class FinalityTest {

    /** One block: its timestamp, and batch 1 as the contract holds it there (null: not settled yet). */
    private record Block(long timestamp, ChainClient.Batch batch) {
    }

    private static ChainClient chain(Map<Long, Block> blocks, long head) {
        return (ChainClient) Proxy.newProxyInstance(ChainClient.class.getClassLoader(), new Class<?>[] {ChainClient.class}, (p, m, a) ->
                switch (m.getName()) {
                    case "blockNumber" -> BigInteger.valueOf(head);
                    case "batchAt" -> {
                        ChainClient.Batch b = blocks.get((Long) a[1]).batch();
                        yield b != null ? b : new ChainClient.Batch(1, "0x" + "00".repeat(32), BigInteger.ZERO, 0, 0, false);
                    }
                    case "blockTimestamp" -> blocks.get((Long) a[0]).timestamp();
                    default -> throw new AssertionError("Finality must read only at the confirmed block, not call " + m.getName());
                });
    }

    private static ChainClient.Batch settled(boolean vetoed) {
        return new ChainClient.Batch(1, "0x" + "11".repeat(32), BigInteger.TEN, 100, 200, vetoed);
    }

    @Test
    void shouldWaitWhileTheWindowHasPassedOnlyInBlocksWithoutEnoughConfirmations() {
        // Block 12 (head) is past the window, but with 3 confirmations the decision is read at block 10.
        Map<Long, Block> blocks = Map.of(10L, new Block(150, settled(false)), 11L, new Block(190, settled(false)),
                12L, new Block(250, settled(false)));
        assertThat(Finality.decide(chain(blocks, 12), 1, 3)).isEqualTo(Finality.Decision.WAIT);
        assertThat(Finality.decide(chain(blocks, 12), 1, 1)).isEqualTo(Finality.Decision.FINAL);
    }

    @Test
    void shouldNotCountAVetoThatIsNotYetConfirmed() {
        // A veto in the head block (which a reorg may drop): neither VETOED nor FINAL yet, until the veto is as deep
        // as the confirmations. Reading "latest" counted it at once.
        Map<Long, Block> blocks = Map.of(10L, new Block(150, settled(false)), 12L, new Block(199, settled(true)));
        assertThat(Finality.decide(chain(blocks, 12), 1, 3)).isEqualTo(Finality.Decision.WAIT);
        Map<Long, Block> deeper = Map.of(12L, new Block(199, settled(true)), 14L, new Block(260, settled(true)));
        assertThat(Finality.decide(chain(deeper, 14), 1, 3)).isEqualTo(Finality.Decision.VETOED);
    }

    @Test
    void shouldBeFinalWhenTheConfirmedBlockIsPastTheWindowAndNotVetoedThere() {
        Map<Long, Block> blocks = Map.of(20L, new Block(200, settled(false)), 22L, new Block(230, settled(false)));
        assertThat(Finality.decide(chain(blocks, 22), 1, 3)).isEqualTo(Finality.Decision.FINAL);
    }

    @Test
    void shouldWaitWhileTheSettleItselfIsNotConfirmed() {
        Map<Long, Block> blocks = Map.of(5L, new Block(300, null));
        assertThat(Finality.decide(chain(blocks, 7), 1, 3)).isEqualTo(Finality.Decision.WAIT);
    }
}
