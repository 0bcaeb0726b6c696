package dev.murmur.audit;

import dev.murmur.common.cli.CliRun;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ./murmur audit}'s argument handling: help and version exit 0, every usage error exits 2 with the usage. */
class AuditCliTest {

    @Test
    void helpAndVersionExitZeroOnEveryLevel() {
        CliRun help = CliRun.of(AuditCli::run, "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("Usage: audit", "batch", "veto", "Exit codes:");
        CliRun batchHelp = CliRun.of(AuditCli::run, "batch", "--help");
        assertThat(batchHelp.exit()).isZero();
        assertThat(batchHelp.out()).contains("Usage: audit batch", "--rpc=URL", "--contract=ADDR", "--manifest=FILE|URL", "--json", "N");
        CliRun vetoHelp = CliRun.of(AuditCli::run, "veto", "-h");
        assertThat(vetoHelp.exit()).isZero();
        assertThat(vetoHelp.out()).contains("Usage: audit veto", "--rpc=URL", "--contract=ADDR", "MURMUR_AUDITOR_KEY");
        CliRun version = CliRun.of(AuditCli::run, "--version");
        assertThat(version.exit()).isZero();
        assertThat(version.out()).matches("murmur \\d+\\.\\d+\\.\\d+.*\\R");
    }

    @Test
    void usageErrorsExitTwoWithTheGeneratedUsage() {
        assertUsageError(CliRun.of(AuditCli::run), "Missing subcommand");
        assertUsageError(CliRun.of(AuditCli::run, "bogus"), "bogus");
        assertUsageError(CliRun.of(AuditCli::run, "batch", "x", "--rpc", "http://127.0.0.1:1", "--contract", "0x1", "--manifest", "m.json"),
                "the batch id must be a number");
        assertUsageError(CliRun.of(AuditCli::run, "batch", "0", "--rpc", "http://127.0.0.1:1", "--contract", "0x1", "--manifest", "m.json"),
                "batch ids start at 1");
        assertUsageError(CliRun.of(AuditCli::run, "batch", "1", "--rpc", "http://127.0.0.1:1", "--manifest", "m.json"), "--contract");
        assertUsageError(CliRun.of(AuditCli::run, "batch", "1", "--contract", "0x1", "--manifest", "m.json"), "--rpc");
        assertUsageError(CliRun.of(AuditCli::run, "batch", "1", "--rpc", "u", "--contract", "0x1", "--manifest", "m", "--nope"), "--nope");
        assertUsageError(CliRun.of(AuditCli::run, "veto", "1", "--rpc", "http://127.0.0.1:1", "--contract", "0x1"), "MURMUR_AUDITOR_KEY");
        assertUsageError(CliRun.of(AuditCli::run, Map.of("MURMUR_AUDITOR_KEY", "0x01"), "veto", "1", "--rpc", "http://127.0.0.1:1",
                "--contract", "0x1", "--key", "0x02"), "--key");
    }

    @Test
    void anUnreadableManifestIsAnIoErrorOnOneLine() {
        CliRun run = CliRun.of(AuditCli::run, "batch", "1", "--rpc", "http://127.0.0.1:1", "--contract", "0x1",
                "--manifest", "/nonexistent/manifest.json");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("audit: ").contains("/nonexistent/manifest.json").doesNotContain("Usage:", "\tat ");
    }

    static void assertUsageError(CliRun run, String message) {
        assertThat(run.exit()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains(message).contains("Usage: ");
        assertThat(run.out()).isEmpty();
    }
}
