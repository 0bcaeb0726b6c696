package dev.murmur.bench.settlement;

import dev.murmur.bench.settlement.SettlementBenchmark.GasSplit;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GasSplitTest {

    /** settle(2, 0xabab…ab, 9,000e6, 0x1111…11): the selector and four words, 59 zero bytes and 73 others. */
    private static final byte[] SETTLE = HexFormat.of().parseHex("d3356104"
            + "0000000000000000000000000000000000000000000000000000000000000002"
            + "ab".repeat(32)
            + "0000000000000000000000000000000000000000000000000000000218711a00"
            + "11".repeat(32));

    @Test
    void shouldChargeFourGasPerZeroByteAndSixteenPerOtherByteOnTopOf21000() {
        assertThat(SettlementBenchmark.intrinsicGas(new byte[0])).isEqualTo(21_000);
        assertThat(SettlementBenchmark.intrinsicGas(new byte[] {0, 1, (byte) 0xff})).isEqualTo(21_000 + 4 + 16 + 16);
        assertThat(SettlementBenchmark.intrinsicGas(SETTLE)).isEqualTo(21_000 + 59 * 4 + 73 * 16);
    }

    @Test
    void shouldPutTheCalldataFloorAtTenGasPerToken() {
        // A zero byte is one token, any other byte four.
        assertThat(SettlementBenchmark.calldataFloorGas(new byte[] {0, 1, (byte) 0xff})).isEqualTo(21_000 + 10 * (1 + 4 + 4));
        assertThat(SettlementBenchmark.calldataFloorGas(SETTLE)).isEqualTo(21_000 + 10 * (59 + 73 * 4));
    }

    @Test
    void shouldSplitGasUsedIntoIntrinsicAndExecution() {
        GasSplit split = GasSplit.of(81_032, SETTLE);
        assertThat(split.intrinsic()).isEqualTo(22_404);
        assertThat(split.execution()).isEqualTo(58_628);
        assertThat(split.floor()).isEqualTo(24_510);
    }

    @Test
    void shouldRefuseToSplitWhenTheTransactionPaidTheCalldataFloor() {
        long floor = SettlementBenchmark.calldataFloorGas(SETTLE);
        assertThatThrownBy(() -> GasSplit.of(floor, SETTLE)).isInstanceOf(IllegalStateException.class).hasMessageContaining("EIP-7623");
        assertThat(GasSplit.of(floor + 1, SETTLE).execution()).isEqualTo(floor + 1 - SettlementBenchmark.intrinsicGas(SETTLE));
    }
}
