package dev.murmur.audit;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./murmur audit --help} as a newcomer runs it: the real script, launcher and JVM, not just
 * {@link AuditCli#run}. It used to exit 2 (issue 16).
 */
class AuditCommandProcessTest {

    @Test
    void murmurAuditHelpExitsZeroWithTheUsage() throws IOException, InterruptedException {
        Process process = new ProcessBuilder("./murmur", "audit", "--help").directory(Path.of("").toAbsolutePath().toFile())
                .redirectErrorStream(true).start();
        boolean done = process.waitFor(5, TimeUnit.MINUTES);
        if (!done) process.destroyForcibly().waitFor();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(done).as("./murmur audit --help finished").isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("Usage: audit", "batch", "veto");
    }
}
