package dev.murmur.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An anvil dev chain on a free port: the test run's own ({@link AnvilTestResource}) and the ones fault
 * and reorg tests start, stop and kill themselves. The binary comes from MURMUR_ANVIL_BIN, or from
 * the npm package under contracts/node_modules (./murmur test installs it). {@link #stop()} sends
 * SIGTERM, on which anvil writes its {@code --state} file; {@link #kill()} sends SIGKILL, which writes nothing.
 */
public final class AnvilProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("Listening on ([0-9.]+):(\\d+)");

    private final Process process;
    private final String url;

    private AnvilProcess(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    public static AnvilProcess start(String... extraArgs) {
        List<String> command = new ArrayList<>(List.of(locate().toString(), "--port", "0", "--chain-id", "31337"));
        command.addAll(List.of(extraArgs));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
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
            }, "anvil-process-output");
            reader.setDaemon(true);
            reader.start();
            try {
                return new AnvilProcess(process, url.get(30, TimeUnit.SECONDS));
            } catch (Exception e) {
                process.destroyForcibly();
                throw new IllegalStateException("anvil did not start: " + command, e);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + command, e);
        }
    }

    public String url() {
        return url;
    }

    /** A JSON-RPC call (anvil's evm_snapshot, evm_revert, anvil_mine, ...); fails the test on an error. Returns the result. */
    public String rpc(String method, Object... params) {
        try {
            org.web3j.protocol.core.Response<?> response = new org.web3j.protocol.core.Request<>(method, List.of(params),
                    new org.web3j.protocol.http.HttpService(url), AnyResponse.class).send();
            if (response.hasError()) {
                throw new IllegalStateException(method + ": " + response.getError().getMessage());
            }
            return String.valueOf(response.getResult());
        } catch (IOException e) {
            throw new IllegalStateException(method + " failed", e);
        }
    }

    public static class AnyResponse extends org.web3j.protocol.core.Response<Object> {
    }

    static java.nio.file.Path locate() {
        String configured = System.getenv("MURMUR_ANVIL_BIN");
        if (configured != null && !configured.isBlank()) {
            return java.nio.file.Path.of(configured);
        }
        java.nio.file.Path modules = java.nio.file.Path.of("contracts", "node_modules", "@foundry-rs").toAbsolutePath();
        if (java.nio.file.Files.isDirectory(modules)) {
            try (var found = java.nio.file.Files.find(modules, 4, (p, attrs) -> p.getFileName().toString().equals("anvil")
                    && attrs.isRegularFile() && java.nio.file.Files.isExecutable(p))) {
                List<java.nio.file.Path> candidates = found.toList();
                if (!candidates.isEmpty()) {
                    return candidates.getFirst();
                }
            } catch (IOException e) {
                throw new IllegalStateException("Could not search " + modules, e);
            }
        }
        throw new IllegalStateException("anvil not found: run 'npm install' in contracts/ (./murmur test does) or set MURMUR_ANVIL_BIN");
    }

    /** SIGTERM, and waits: anvil dumps its --state file on the way out. */
    public void stop() {
        process.destroy();
        await();
    }

    /** SIGKILL, and waits: nothing is written. */
    public void kill() {
        process.destroyForcibly();
        await();
    }

    private void await() {
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
