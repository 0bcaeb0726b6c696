package dev.murmur;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every endpoint keeps its request metrics. Micrometer denies {@code http.server.requests} meters
 * for any URI template past {@code max-uri-tags} (Quarkus' default: 100), so once that many templates
 * had been requested, every endpoint requested for the first time after them went unmeasured.
 */
@QuarkusTest
class RequestMetricsTest {

    private static final List<Class<? extends java.lang.annotation.Annotation>> VERBS =
            List.of(GET.class, POST.class, PUT.class, DELETE.class, PATCH.class, HEAD.class);
    private static final Pattern URI = Pattern.compile("http_server_requests_seconds_count\\{[^}]*uri=\"([^\"]+)\"");

    @ConfigProperty(name = "quarkus.micrometer.binder.http-server.max-uri-tags")
    int maxUriTags;

    @Test
    void shouldAllowMoreUriTagsThanTheAppHasEndpoints() {
        Set<String> templates = templates();

        // The app's own templates are more than Micrometer's default allows: the bound must be raised, and stay above them.
        assertThat(templates.size()).as("URI templates: %s", templates).isGreaterThan(100);
        assertThat(maxUriTags).as("max-uri-tags against %d templates", templates.size()).isGreaterThanOrEqualTo(2 * templates.size());
    }

    @Test
    void shouldTagRequestsByTemplateNotByPath() {
        for (int i = 0; i < 3; i++) {
            given().get("/api/posts/" + (900_000_000 + i)).then().statusCode(404);
            given().get("/no-such-page-" + i).then().statusCode(404);
        }

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Set<String> uris = new TreeSet<>();
        Matcher m = URI.matcher(metrics);
        while (m.find()) {
            uris.add(m.group(1));
        }
        assertThat(uris).contains("/api/posts/{id}");
        assertThat(uris).noneMatch(uri -> uri.startsWith("/api/posts/9000000") || uri.startsWith("/no-such-page-"));
    }

    /** The URI template of every resource method: its class's {@code @Path} and its own. */
    private static Set<String> templates() {
        Set<String> templates = new TreeSet<>();
        for (JavaClass resource : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.murmur")) {
            if (!resource.isAnnotatedWith(Path.class)) {
                continue;
            }
            String base = resource.getAnnotationOfType(Path.class).value();
            for (JavaMethod method : resource.getMethods()) {
                if (VERBS.stream().noneMatch(method::isAnnotatedWith)) {
                    continue;
                }
                String own = method.isAnnotatedWith(Path.class) ? method.getAnnotationOfType(Path.class).value() : "";
                templates.add(("/" + base + "/" + own).replaceAll("/+", "/").replaceAll("(.)/$", "$1"));
            }
        }
        return templates;
    }
}
