package dev.murmur;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Production keeps health, metrics, OpenAPI and Swagger UI off the public port: this runs the app with
 * the %prod.quarkus.management.* lines of application.properties (on a free port) and checks where each
 * one answers.
 */
@QuarkusTest
@TestProfile(ManagementInterfaceTest.ProductionExposure.class)
class ManagementInterfaceTest {

    public static class ProductionExposure implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Properties properties = new Properties();
            try (InputStream in = ManagementInterfaceTest.class.getResourceAsStream("/application.properties")) {
                properties.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Map<String, String> overrides = new HashMap<>();
            for (String key : properties.stringPropertyNames()) {
                if (key.startsWith("%prod.quarkus.management.")) {
                    overrides.put(key.substring("%prod.".length()), properties.getProperty(key));
                }
            }
            overrides.put("quarkus.management.test-port", "0");
            return overrides;
        }
    }

    @TestHTTPResource(value = "/", management = true)
    URL managementUrl;

    @Test
    void shouldServeHealthMetricsAndOpenApiOnTheManagementPortOnly() {
        String management = managementUrl.getProtocol() + "://" + managementUrl.getHost() + ":" + managementUrl.getPort() + "/q";
        assertThat(managementUrl.getPort()).as("management port").isNotEqualTo(io.restassured.RestAssured.port);
        for (String path : new String[] {"/health/ready", "/metrics", "/openapi"}) {
            assertThat(given().get(management + path).statusCode()).as("management %s%s", management, path).isEqualTo(200);
            assertThat(given().get("/q" + path).statusCode()).as("public %s", path).isEqualTo(404);
        }
        assertThat(given().get("/q/swagger-ui/").statusCode()).as("public swagger-ui").isEqualTo(404);
        assertThat(given().redirects().follow(true).get(management + "/swagger-ui/").statusCode()).as("management swagger-ui").isEqualTo(200);
    }

    @Test
    void shouldStillServeTheApiOnThePublicPort() {
        given().get("/api/trends").then().statusCode(200);
    }
}
