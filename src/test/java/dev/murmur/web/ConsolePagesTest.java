package dev.murmur.web;

import dev.murmur.settlement.batch.Settlements;
import dev.murmur.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

/**
 * The console's page handlers refuse what the operator API refuses (roles), refuse writes without the
 * CSRF token of the session, and show a refused form's problem next to its field, changing nothing.
 * Browser sessions are made the way a browser makes them: the login page's form, with its CSRF token.
 */
@QuarkusTest
class ConsolePagesTest {

    private static final Pattern CSRF = Pattern.compile("X-CSRF-Token(?:&quot;|\")\\s*:\\s*(?:&quot;|\")([A-Za-z0-9_-]+)");

    /** A signed-in browser: its session cookie and the CSRF token its pages carry. */
    record Browser(String session, String csrf) {
        RequestSpecification get() {
            return given().redirects().follow(false).cookie("murmur_session", session);
        }

        RequestSpecification post() {
            return get().header(WebSession.CSRF_HEADER, csrf).header("HX-Request", "true").contentType(ContentType.URLENC);
        }
    }

    static Browser logIn(Api.User user) {
        Response login = given().redirects().follow(false).get("/login");
        String anonymous = login.cookie(WebSession.ANONYMOUS_COOKIE);
        Response done = given().redirects().follow(false).cookie(WebSession.ANONYMOUS_COOKIE, anonymous)
                .header(WebSession.CSRF_HEADER, csrfOf(login.asString())).contentType(ContentType.URLENC)
                .formParam("handle", user.handle()).formParam("password", Api.PASSWORD).post("/login");
        String session = done.cookie("murmur_session");
        assertThat(session).as("the login page set a session: %s", done.asString()).isNotBlank();
        String home = given().cookie("murmur_session", session).get("/").asString();
        return new Browser(session, csrfOf(home));
    }

    static String csrfOf(String html) {
        Matcher m = CSRF.matcher(html);
        assertThat(m.find()).as("the page carries its CSRF token").isTrue();
        return m.group(1);
    }

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
        Browser reader = logIn(Api.newUser("reader"));
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
        Browser reader = logIn(Api.newUser("reader"));
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
        Browser browser = logIn(operator);
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
        Browser browser = logIn(operator);
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
        Browser browser = logIn(Settlements.operator());
        browser.get().get("/").then().statusCode(200).body(containsString("href=\"/console\""));
        browser.get().get("/console").then().statusCode(200).body(containsString("Operator console"), containsString("Headroom for budgets"));
        browser.get().get("/console/settlement").then().statusCode(200).body(containsString("Next batch"));
        browser.get().get("/console/moderation").then().statusCode(200).body(containsString("Refused payout events"));
        browser.get().get("/console/settlement/batches/999999").then().statusCode(404).contentType(containsString("text/html"));
    }

    @Test
    void anAdminModeratesButIsRefusedSettlementAndTagsAsTheApiRefusesThem() {
        Api.User admin = Api.newUserWithRole("adm", "ADMIN");
        Browser browser = logIn(admin);
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
        Browser browser = logIn(operator);
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
