package dev.murmur.web;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs a browser journey or script from src/test/web with node, and fails with its output. The npm
 * packages (playwright-core, axe-core) come from `npm ci`, which ./murmur test runs; Chromium is
 * Debian's /usr/bin/chromium, which ./murmur test installs when it is missing.
 */
final class Journeys {

    static final Path DIR = Path.of("src/test/web");
    static final Path OUT = Path.of("target/web-journeys");
    /** docs/web.md's screenshots. */
    static final Path DOCS = Path.of("docs/web");
    /** -Dmurmur.web.screenshots=true: WebScreenshotsTest runs, and the journeys write their screenshots to {@link #DOCS}. */
    static final String SCREENSHOTS_PROPERTY = "murmur.web.screenshots";
    private static final long TIMEOUT_SECONDS = 600;

    private Journeys() {
    }

    static void run(String journey, URL app) {
        run(List.of("journeys.mjs", journey, base(app), OUT.toAbsolutePath().toString()), "journey " + journey + ": passed");
    }

    /** A journey with extra arguments after the output folder (handles, ids the Java side set up). */
    static void run(String journey, URL app, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("journeys.mjs", journey, base(app), OUT.toAbsolutePath().toString()));
        args.addAll(List.of(extra));
        run(args, "journey " + journey + ": passed");
    }

    static void run(List<String> args, String success) {
        ensureTools();
        try {
            Path log = Files.createTempFile("murmur-journey", ".log");
            List<String> command = new java.util.ArrayList<>(List.of("node"));
            command.addAll(args);
            ProcessBuilder builder = new ProcessBuilder(command).directory(DIR.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            if (Boolean.getBoolean(SCREENSHOTS_PROPERTY)) {
                // The journeys' docShot writes docs/web.md's money screenshots into docs/web (lib.mjs).
                builder.environment().put("MURMUR_SCREENSHOTS", DOCS.toAbsolutePath().toString());
            }
            Process process = builder.start();
            boolean finished = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!finished) {
                process.destroyForcibly().waitFor();
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            Files.deleteIfExists(log);
            System.out.println(output);
            assertThat(finished).as("node %s finished within %ds; output:%n%s", args, TIMEOUT_SECONDS, output).isTrue();
            assertThat(process.exitValue()).as("node %s failed; output:%n%s", args, output).isZero();
            assertThat(output).contains(success);
        } catch (IOException e) {
            throw new AssertionError("could not run node " + args + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static String base(URL app) {
        String url = app.toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static void ensureTools() {
        String chromium = System.getenv().getOrDefault("MURMUR_CHROMIUM", "/usr/bin/chromium");
        assertThat(Path.of(chromium)).as("Chromium is missing at %s: ./murmur test installs it (apt-get install chromium)", chromium)
                .exists();
        assertThat(DIR.resolve("node_modules/playwright-core")).as("src/test/web/node_modules is missing: ./murmur test runs npm ci there")
                .exists();
    }
}
