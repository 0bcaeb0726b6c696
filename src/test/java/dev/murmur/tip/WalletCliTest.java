package dev.murmur.tip;

import dev.murmur.common.cli.CliRun;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ./murmur wallet}'s argument handling; linking and depositing for real are in {@link TipJourneyTest}. */
class WalletCliTest {

    private static final Map<String, String> KEY = Map.of("MURMUR_WALLET_KEY",
            "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d", "MURMUR_TOKEN", "t");

    @Test
    void helpAndVersionExitZeroOnEveryLevel() {
        CliRun help = CliRun.of(WalletCli::run, "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("Usage: wallet", "link", "deposit", "MURMUR_WALLET_KEY", "Exit codes:");
        CliRun deposit = CliRun.of(WalletCli::run, "deposit", "--help");
        assertThat(deposit.exit()).isZero();
        assertThat(deposit.out()).contains("Usage: wallet deposit", "--api=BASE_URL", "--token=TOKEN", "--rpc=URL", "--amount=N");
        CliRun link = CliRun.of(WalletCli::run, "link", "--help");
        assertThat(link.exit()).isZero();
        assertThat(link.out()).contains("Usage: wallet link", "--api=BASE_URL").doesNotContain("--rpc");
        assertThat(CliRun.of(WalletCli::run, "--version").exit()).isZero();
    }

    @Test
    void usageErrorsExitTwo() {
        assertUsage(CliRun.of(WalletCli::run, KEY), "Missing subcommand");
        assertUsage(CliRun.of(WalletCli::run, KEY, "link"), "--api");
        assertUsage(CliRun.of(WalletCli::run, "link", "--api", "http://x", "--token", "t"), "MURMUR_WALLET_KEY");
        assertUsage(CliRun.of(WalletCli::run, Map.of("MURMUR_WALLET_KEY", "0x01"), "link", "--api", "http://x"), "MURMUR_TOKEN");
        assertUsage(CliRun.of(WalletCli::run, KEY, "deposit", "--api", "http://x", "--rpc", "http://y"), "--amount");
        assertUsage(CliRun.of(WalletCli::run, KEY, "deposit", "--api", "http://x", "--rpc", "http://y", "--amount", "lots"), "lots");
        assertUsage(CliRun.of(WalletCli::run, KEY, "deposit", "--api", "http://x", "--rpc", "http://y", "--amount", "-3"), "--amount");
        assertUsage(CliRun.of(WalletCli::run, KEY, "deposit", "--api", "http://x", "--amount", "3"), "--rpc");
    }

    @Test
    void anUnreachableApiIsAnIoError() {
        CliRun run = CliRun.of(WalletCli::run, KEY, "link", "--api", "http://127.0.0.1:1");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("wallet: ").doesNotContain("Usage:");
    }

    private static void assertUsage(CliRun run, String message) {
        assertThat(run.exit()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains(message).contains("Usage: wallet");
    }
}
