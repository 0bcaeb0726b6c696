package dev.murmur.web;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * For working on the pages and the journeys: keeps the test stack's app up for
 * murmur.web.serve-minutes (default 20), or until target/web-serve.url is deleted, and writes its
 * URL there, so `node src/test/web/journeys.mjs <journey> $(cat target/web-serve.url) target/web-journeys`
 * can run again and again. Opt-in: -Dmurmur.web.serve=true
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "murmur.web.serve", matches = "true")
class WebDevServerTest {

    @TestHTTPResource("/")
    URL app;

    @Test
    void serve() throws Exception {
        Path marker = Path.of("target/web-serve.url");
        Files.writeString(marker, app.toString().replaceFirst("/$", ""));
        long until = System.currentTimeMillis() + Long.getLong("murmur.web.serve-minutes", 20) * 60_000;
        while (System.currentTimeMillis() < until && Files.exists(marker)) {
            Thread.sleep(500);
        }
        Files.deleteIfExists(marker);
    }
}
