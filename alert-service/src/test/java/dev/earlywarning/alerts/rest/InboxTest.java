package dev.earlywarning.alerts.rest;

import static dev.earlywarning.platform.test.Auth.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.earlywarning.platform.test.Auth;
import dev.earlywarning.platform.test.TopicReader;
import dev.earlywarning.platform.test.WebhookReceiverExtension;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/** What the operations console's inbox asks of the API: assignees, counts per filter, orders, deliveries. */
@QuarkusTest
class InboxTest {

    @RegisterExtension
    static final WebhookReceiverExtension receiver = new WebhookReceiverExtension();

    private static String openAlert(String segment, String cause, String severity) {
        String customer = "C-" + UUID.randomUUID();
        TopicReader.write("churn-risk-signals", customer, """
                {"schemaVersion":1,"signalId":"%s","kind":"RISK_RAISED","trigger":"BAND_DROP","customerId":"%s",
                 "segment":"%s","cause":"%s","severity":"%s","scoreBefore":80,"scoreAfter":40,
                 "bandBefore":"HEALTHY","bandAfter":"AT_RISK","recommendedAction":"Call","triggeringEventId":"e1",
                 "occurredAt":"2026-06-01T10:00:00Z","drivers":[]}
                """.formatted(UUID.randomUUID(), customer, segment, cause, severity));
        return await().atMost(Duration.ofSeconds(20)).until(() -> given().queryParam("customerId", customer)
                .when().get("/alerts").then().extract().<String>path("[0].id"), id -> id != null);
    }

    @Test
    void anOperatorTakesAnAlertAsTheTokensSubjectAndTheInboxFiltersByWhoHasIt() {
        String segment = "inbox-" + UUID.randomUUID();
        String mine = openAlert(segment, "effort", "WARNING");
        String other = openAlert(segment, "effort", "WARNING");

        given().when().post("/alerts/{id}/take", mine).then().statusCode(200)
                .body("assignee", equalTo(Auth.STAFF));
        Auth.as(Auth.tokens().token("bob", java.util.List.of("operator"), java.util.Map.of(), Duration.ofHours(1)))
                .when().post("/alerts/{id}/take", other).then().statusCode(200).body("assignee", equalTo("bob"));

        given().queryParam("segment", segment).queryParam("assignee", Auth.STAFF).when().get("/alerts")
                .then().statusCode(200).body("id", contains(mine));
        given().queryParam("segment", segment).queryParam("unassigned", true).when().get("/alerts")
                .then().statusCode(200).body("", hasSize(0));
        given().when().get("/alerts/{id}/transitions", mine).then()
                .body("find { it.action == 'take' }.actor", equalTo(Auth.STAFF));

        given().when().post("/alerts/{id}/take", other).then().statusCode(200).body("assignee", equalTo(Auth.STAFF));
        given().when().get("/alerts/{id}/transitions", other).then()
                .body("findAll { it.action == 'take' }.note", contains(nullValue(), equalTo("from bob")));
        given().when().post("/alerts/{id}/release", other).then().statusCode(200).body("assignee", nullValue());
        given().queryParam("segment", segment).queryParam("unassigned", true).when().get("/alerts")
                .then().body("id", contains(other));

        given().when().post("/alerts/{id}/resolve", other).then().statusCode(200);
        given().when().post("/alerts/{id}/take", other).then().statusCode(409)
                .contentType(containsString("application/problem+json"));
        given().queryParam("assignee", "x").queryParam("unassigned", true).when().get("/alerts").then()
                .statusCode(400).body("detail", containsString("unassigned"));
        given().when().get("/audit?targetId=" + mine).then().statusCode(200).body("action", contains("take"));
    }

    @Test
    void countsPerFacetLeaveOutTheirOwnFilterSoEachChoiceShowsWhatItWouldGive() {
        String segment = "counts-" + UUID.randomUUID();
        openAlert(segment, "effort", "WARNING");
        openAlert(segment, "effort", "CRITICAL");
        String resolved = openAlert(segment, "promises", "CRITICAL");
        given().when().post("/alerts/{id}/resolve", resolved).then().statusCode(200);

        given().queryParam("segment", segment).queryParam("status", "OPEN").queryParam("severity", "CRITICAL")
                .when().get("/alerts/counts").then().statusCode(200)
                .body("total", equalTo(1))
                // status counted without the status filter: one open, one resolved critical alert
                .body("facets.status.OPEN", equalTo(1)).body("facets.status.RESOLVED", equalTo(1))
                // severity counted without the severity filter: both open ones
                .body("facets.severity.WARNING", equalTo(1)).body("facets.severity.CRITICAL", equalTo(1))
                .body("facets.segment." + "'" + segment + "'", equalTo(1))
                .body("facets.cause.effort", equalTo(1));
    }

    @Test
    void theMostSevereComeFirstWhenAsked() {
        String segment = "order-" + UUID.randomUUID();
        String info = openAlert(segment, "effort", "INFO");
        String critical = openAlert(segment, "promises", "CRITICAL");
        String warning = openAlert(segment, "silence", "WARNING");
        given().queryParam("segment", segment).queryParam("sort", "severity").when().get("/alerts").then()
                .statusCode(200).body("id", contains(critical, warning, info));
        given().queryParam("segment", segment).when().get("/alerts").then().body("id", contains(warning, critical, info));
        given().queryParam("sort", "loudest").when().get("/alerts").then().statusCode(400)
                .body("detail", containsString("severity"));
    }

    @Test
    void aSubscriptionsDeliveriesAreListedNewestFirstAndFilteredByStatus() {
        String segment = "deliveries-" + UUID.randomUUID();
        String subscription = given().contentType("application/json")
                .body("{\"name\":\"deliveries\",\"url\":\"" + receiver.url("/deliveries") + "\",\"minSeverity\":\"INFO\","
                        + "\"segments\":[\"" + segment + "\"]}")
                .when().post("/subscriptions").then().statusCode(201).extract().path("id");
        openAlert(segment, "effort", "WARNING");
        openAlert(segment, "promises", "WARNING");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given()
                .when().get("/subscriptions/{id}/deliveries?status=DELIVERED", subscription).then().statusCode(200)
                .body("", hasSize(2)).body("status", everyItem(equalTo("DELIVERED")))
                .body("subscriptionId", everyItem(equalTo(subscription))).body("[0].deliveredAt", notNullValue()));
        given().when().get("/subscriptions/{id}/deliveries?status=FAILED", subscription).then().body("", hasSize(0));
        given().when().get("/subscriptions/{id}/deliveries?status=LOST", subscription).then().statusCode(400)
                .body("detail", containsString("PENDING, DELIVERED or FAILED"));
    }

    @Test
    void theConsolesSettingsAreReadWithoutATokenAndTheConsoleIsServed() {
        RestAssured.given().when().get("/console/config").then().statusCode(200)
                .body("scorerUrl", equalTo("https://early-warning.test/scorer")).body("oidc", nullValue());
        RestAssured.given().when().get("/console/").then().statusCode(200)
                .contentType(containsString("text/html")).body(containsString("js/app.js"));
        RestAssured.given().when().get("/console/js/app.js").then().statusCode(200);
    }
}
