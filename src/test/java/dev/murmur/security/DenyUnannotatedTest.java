package dev.murmur.security;

import dev.murmur.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** An endpoint without @PermitAll, @Authenticated or @RolesAllowed is denied, to anonymous and logged-in callers alike. */
@QuarkusTest
class DenyUnannotatedTest {

    @Test
    void shouldDenyAnUnannotatedEndpointToAnonymousCallers() {
        given().get("/api/test-only/unannotated")
                .then().statusCode(401).contentType("application/problem+json")
                .body("type", equalTo("https://murmur.dev/problems/unauthenticated"));
    }

    @Test
    void shouldDenyAnUnannotatedEndpointToLoggedInCallers() {
        Api.User ada = Api.newUser("ada");
        ada.as().get("/api/test-only/unannotated")
                .then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("https://murmur.dev/problems/forbidden"));
    }

    @Test
    void shouldStillServeEndpointsMarkedPublic() {
        given().get("/api/trends").then().statusCode(200);
        given().get("/api/accounts/admin").then().statusCode(200);
    }
}
