package dev.murmur.settlement.claim;

import dev.murmur.common.cli.CliRun;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ./murmur claim}'s argument handling; the claims themselves are in {@link ClaimJourneyTest}. */
class ClaimCliTest {

    private static final Map<String, String> KEY = Map.of("MURMUR_CLAIM_KEY", "0x01");

    @Test
    void helpAndVersionExitZero() {
        CliRun help = CliRun.of(ClaimCli::run, "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("Usage: claim", "--rpc=URL", "--contract=ADDR", "--api=BASE_URL", "--token=TOKEN",
                "--calldata", "MURMUR_CLAIM_KEY", "Exit codes:");
        CliRun version = CliRun.of(ClaimCli::run, "-V");
        assertThat(version.exit()).isZero();
        assertThat(version.out()).startsWith("murmur ");
    }

    @Test
    void usageErrorsExitTwo() {
        assertUsage(CliRun.of(ClaimCli::run, KEY, "--api", "http://x"), "--rpc");
        assertUsage(CliRun.of(ClaimCli::run, KEY, "--rpc", "http://x"), "either --api");
        assertUsage(CliRun.of(ClaimCli::run, KEY, "--rpc", "http://x", "--api", "http://y", "--calldata", "0x00"), "either --api");
        assertUsage(CliRun.of(ClaimCli::run, KEY, "--rpc", "http://x", "--calldata", "0x00"), "--contract");
        assertUsage(CliRun.of(ClaimCli::run, KEY, "--rpc", "http://x", "--api", "http://y"), "MURMUR_TOKEN");
        assertUsage(CliRun.of(ClaimCli::run, "--rpc", "http://x", "--api", "http://y", "--token", "t"), "MURMUR_CLAIM_KEY");
        assertUsage(CliRun.of(ClaimCli::run, KEY, "--rpc"), "--rpc");
    }

    @Test
    void anUnreachableApiIsAnIoError() {
        CliRun run = CliRun.of(ClaimCli::run, KEY, "--rpc", "http://127.0.0.1:1", "--api", "http://127.0.0.1:1", "--token", "t");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("claim: ").doesNotContain("Usage:");
    }

    private static void assertUsage(CliRun run, String message) {
        assertThat(run.exit()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains(message).contains("Usage: claim");
    }
}
