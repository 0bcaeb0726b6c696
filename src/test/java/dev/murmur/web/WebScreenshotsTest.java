package dev.murmur.web;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.net.URL;
import java.nio.file.Path;
import java.util.List;

/**
 * Makes docs/web.md's screenshots (docs/web/*.png) against the test stack. Opt-in, since it
 * rewrites committed files: ./murmur test -Dtest=WebScreenshotsTest -Dmurmur.web.screenshots=true
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "murmur.web.screenshots", matches = "true")
class WebScreenshotsTest {

    @TestHTTPResource("/")
    URL app;

    @Test
    void photographTheMainPages() {
        String base = app.toString().replaceFirst("/$", "");
        Journeys.run(List.of("screenshots.mjs", base, Path.of("docs/web").toAbsolutePath().toString()), "screenshots: done");
    }
}
