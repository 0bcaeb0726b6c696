package dev.murmur.web;

import dev.murmur.settlement.batch.Settlements;
import dev.murmur.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;


import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

/**
 * The console's page handlers refuse what the operator API refuses (roles), refuse writes without the
 * CSRF token of the session, and show a refused form's problem next to its field, changing nothing.
 * Sessions ({@link FormSession}) are made the way a browser makes them: the login page's form, with its CSRF token.
 */
@QuarkusTest
class ConsolePagesTest {

    private static long openPeriod(Api.User operator) {
        return operator.as().get("/api/operator/periods/current").then().statusCode(200).extract().jsonPath().getLong("period.id");
    }

    private static long budgetOf(Api.User operator, long period) {
        return operator.as().get("/api/operator/periods/" + period).then().statusCode(200).extract().jsonPath().getLong("period.budget");
    }

    @Test
    void anAnonymousVisitorIsSentToLogIn() {
        for (String page : new String[] {"/console", "/console/settlement", "/console/moderation"}) {
            given().redirects().follow(false).get(page).then().statusCode(303).header("Location", containsString("/login"));
        }
    }

    @Test
    void aReaderIsRefusedEveryConsolePageAndSeesNoConsoleLink() {
        FormSession reader = FormSession.logIn(Api.newUser("reader"));
        for (String page : new String[] {"/console", "/console/settlement", "/console/moderation", "/console/settlement/batches/1"}) {
            reader.get().get(page).then().statusCode(403).contentType(containsString("text/html"))
                    .body(containsString("Your roles do not allow this page"));
        }
        reader.get().get("/").then().statusCode(200).body(not(containsString("href=\"/console")));
    }

    @Test
    void aReadersConsoleWriteIsRefusedAndChangesNothing() {
        Api.User operator = Settlements.operator();
        long period = openPeriod(operator);
        long before = budgetOf(operator, period);
        FormSession reader = FormSession.logIn(Api.newUser("reader"));
        reader.post().formParam("budget", "0").post("/console/periods/" + period + "/budget").then().statusCode(403);
        reader.post().post("/console/periods/" + period + "/close").then().statusCode(403);
        reader.post().post("/console/settlement/batches").then().statusCode(403);
        reader.post().formParam("handle", operator.handle()).formParam("suspended", "true").formParam("reason", "no")
                .post("/console/moderation/accounts").then().statusCode(403);
        assertThat(budgetOf(operator, period)).isEqualTo(before);
        assertThat(openPeriod(operator)).as("the period is still open").isEqualTo(period);
    }

    @Test
    void anOperatorsWriteWithoutTheCsrfTokenIsRefusedAndChangesNothing() {
        Api.User operator = Settlements.operator();
        FormSession browser = FormSession.logIn(operator);
        long period = openPeriod(operator);
        long before = budgetOf(operator, period);
        browser.get().contentType(ContentType.URLENC).formParam("budget", "0").post("/console/periods/" + period + "/budget")
                .then().statusCode(403).contentType(containsString("application/problem+json")).body("type", containsString("csrf-rejected"));
        browser.get().header(WebSession.CSRF_HEADER, "forged").post("/console/periods/" + period + "/close")
                .then().statusCode(403).body("type", containsString("csrf-rejected"));
        assertThat(budgetOf(operator, period)).isEqualTo(before);
        assertThat(openPeriod(operator)).isEqualTo(period);
    }

    @Test
    void aRefusedBudgetShowsTheProblemNextToTheFieldAndChangesNothing() {
        Api.User operator = Settlements.operator();
        FormSession browser = FormSession.logIn(operator);
        long period = openPeriod(operator);
        long before = budgetOf(operator, period);
        browser.post().formParam("budget", "twelve").post("/console/periods/" + period + "/budget")
                .then().statusCode(400).contentType(containsString("text/html"))
                .body(containsString("id=\"budget-error\""), containsString("must be a whole number of base units"), containsString("value=\"twelve\""));
        browser.post().formParam("budget", "-5").post("/console/periods/" + period + "/budget")
                .then().statusCode(400).body(containsString("id=\"budget-error\""));
        long headroom = operator.as().get("/api/operator/settlement/funding").then().statusCode(200).extract().jsonPath().getLong("headroom");
        browser.post().formParam("budget", Long.toString(headroom + 1)).post("/console/periods/" + period + "/budget")
                .then().statusCode(409).body(containsString("role=\"alert\""));
        assertThat(budgetOf(operator, period)).isEqualTo(before);

        browser.post().formParam("budget", Long.toString(headroom)).post("/console/periods/" + period + "/budget")
                .then().statusCode(200).body(containsString("Budget set to " + headroom + " base units."));
        assertThat(budgetOf(operator, period)).isEqualTo(headroom);
    }

    @Test
    void anOperatorSeesTheConsoleLinkAndEveryConsolePage() {
        FormSession browser = FormSession.logIn(Settlements.operator());
        browser.get().get("/").then().statusCode(200).body(containsString("href=\"/console\""));
        browser.get().get("/console").then().statusCode(200).body(containsString("Operator console"), containsString("Headroom for budgets"));
        browser.get().get("/console/settlement").then().statusCode(200).body(containsString("Next batch"));
        browser.get().get("/console/moderation").then().statusCode(200).body(containsString("Refused payout events"));
        browser.get().get("/console/settlement/batches/999999").then().statusCode(404).contentType(containsString("text/html"));
    }

    @Test
    void anAdminModeratesButIsRefusedSettlementAndTagsAsTheApiRefusesThem() {
        Api.User admin = Api.newUserWithRole("adm", "ADMIN");
        FormSession browser = FormSession.logIn(admin);
        browser.get().get("/").then().statusCode(200).body(containsString("href=\"/console/moderation\""));
        browser.get().get("/console/moderation").then().statusCode(200)
                .body(containsString("Moderation log"), not(containsString("Refused payout events")), not(containsString("Trend exclusions")));
        browser.get().get("/console").then().statusCode(403);
        browser.get().get("/console/settlement").then().statusCode(403);
        browser.post().formParam("tag", "spam").formParam("trendable", "false").formParam("reason", "x")
                .post("/console/moderation/tags").then().statusCode(403);
        // The API agrees: trends and settlement are for operators only.
        admin.as().get("/api/operator/trends/tags").then().statusCode(403);
    }

    @Test
    void aSuspensionWithoutAReasonIsRefusedNextToTheFieldAndChangesNothing() {
        Api.User operator = Settlements.operator();
        Api.User creator = Api.newUser("creator");
        FormSession browser = FormSession.logIn(operator);
        browser.post().formParam("handle", creator.handle()).formParam("suspended", "true").formParam("reason", "")
                .post("/console/moderation/accounts").then().statusCode(400).contentType(containsString("text/html"))
                .body(containsString("id=\"suspend-reason-error\""));
        operator.as().get("/api/operator/moderation/log?limit=50").then().statusCode(200)
                .body(not(containsString("\"handle\":\"" + creator.handle() + "\"")));

        browser.post().formParam("handle", "@" + creator.handle()).formParam("suspended", "true").formParam("reason", "spam ring")
                .post("/console/moderation/accounts").then().statusCode(200).header("HX-Redirect", "/console/moderation");
        operator.as().get("/api/operator/moderation/log?limit=50").then().statusCode(200)
                .body(containsString("\"handle\":\"" + creator.handle() + "\""), containsString("spam ring"));
    }
}
