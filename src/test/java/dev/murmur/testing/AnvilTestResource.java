package dev.murmur.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real anvil dev chain on a free port. The binary comes from MURMUR_ANVIL_BIN, or from the npm
 * package under contracts/node_modules (./murmur test installs it).
 */
public class AnvilTestResource implements QuarkusTestResourceLifecycleManager {

    private static final Pattern LISTENING = Pattern.compile("Listening on ([0-9.]+):(\\d+)");

    private Process anvil;

    @Override
    public Map<String, String> start() {
        Path binary = locate();
        try {
            anvil = new ProcessBuilder(binary.toString(), "--port", "0", "--chain-id", "31337")
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("Could not start anvil at " + binary, e);
        }
        String url = awaitListening(anvil, Duration.ofSeconds(30));
        return Map.of("murmur.chain.rpc-url", url);
    }

    @Override
    public void stop() {
        if (anvil != null) {
            anvil.destroy();
            try {
                if (!anvil.waitFor(5, TimeUnit.SECONDS)) {
                    anvil.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                anvil.destroyForcibly();
            }
        }
    }

    public static Path locate() {
        String configured = System.getenv("MURMUR_ANVIL_BIN");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path modules = Path.of("contracts", "node_modules", "@foundry-rs").toAbsolutePath();
        if (Files.isDirectory(modules)) {
            try (Stream<Path> found = Files.find(modules, 4, (p, attrs) -> p.getFileName().toString().equals("anvil")
                    && attrs.isRegularFile() && Files.isExecutable(p))) {
                List<Path> candidates = found.toList();
                if (!candidates.isEmpty()) {
                    return candidates.getFirst();
                }
            } catch (IOException e) {
                throw new IllegalStateException("Could not search " + modules, e);
            }
        }
        throw new IllegalStateException("anvil not found: run 'npm install' in contracts/ (./murmur test does) or set MURMUR_ANVIL_BIN");
    }

    /** Reads anvil's output until it prints its port; keeps draining it afterwards so anvil never blocks. */
    private static String awaitListening(Process process, Duration timeout) {
        CompletableFuture<String> url = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        url.complete("http://" + m.group(1) + ":" + m.group(2));
                    }
                }
                url.completeExceptionally(new IllegalStateException("anvil exited before listening"));
            } catch (IOException e) {
                url.completeExceptionally(e);
            }
        }, "anvil-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return url.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("anvil did not report its port by " + Instant.now(), e);
        }
    }
}
