package dev.earlywarning.alerts.service;

import dev.earlywarning.platform.test.Management;
import static dev.earlywarning.platform.test.Auth.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.earlywarning.platform.test.TopicReader;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Outcomes close the loop, through the real broker and database: a customer who left has its open
 * alerts resolved as churned, alerts carry their risk and rank by it, and the accuracy figures
 * (endpoint and metrics) move as outcomes arrive.
 */
@QuarkusTest
class LiveAccuracyPipelineTest {

    private static String signal(String customer, String kind, String cause, Double risk, Instant at) {
        return """
                {"schemaVersion":1,"signalId":"%s","kind":"%s","trigger":"RISK_THRESHOLD","customerId":"%s",
                 "segment":"accuracy-test","cause":"%s","severity":"%s","scoreBefore":80,"scoreAfter":40,
                 "bandBefore":"HEALTHY","bandAfter":"AT_RISK","recommendedAction":"Call","triggeringEventId":"e1",
                 "occurredAt":"%s","drivers":[]%s}
                """.formatted(UUID.randomUUID(), kind, customer, cause, kind.equals("RISK_RAISED") ? "WARNING" : "INFO",
                at, risk == null ? "" : ",\"risk\":{\"probability\":" + risk + ",\"logOdds\":-1.2,\"factors\":[]}");
    }

    private static double figure(String path) {
        Number value = given().queryParam("days", 30).when().get("/alerts/accuracy").then().statusCode(200)
                .extract().path(path);
        return value == null ? Double.NaN : value.doubleValue();
    }

    @Test
    void aCustomerWhoLeftResolvesItsAlertsAsChurnedAndMovesTheFigures() {
        String leaver = "C-" + UUID.randomUUID();
        String stayer = "C-" + UUID.randomUUID();
        double judgedBefore = figure("overall.judged");
        double churnersBefore = figure("overall.churners");
        double warnedBefore = figure("overall.warned");

        TopicReader.write("churn-risk-signals", leaver, signal(leaver, "RISK_RAISED", "promises", 0.41, Instant.now()));
        TopicReader.write("churn-risk-signals", stayer, signal(stayer, "RISK_RAISED", "promises", 0.17, Instant.now()));
        await().atMost(Duration.ofSeconds(20)).until(() -> given().queryParam("segment", "accuracy-test")
                .queryParam("sort", "risk").queryParam("status", "OPEN").when().get("/alerts").then().extract()
                .<List<String>>path("customerId"), ids -> ids.contains(leaver) && ids.contains(stayer));
        List<String> byRisk = given().queryParam("segment", "accuracy-test").queryParam("sort", "risk")
                .queryParam("status", "OPEN").when().get("/alerts").then().statusCode(200).extract().path("customerId");
        assertThat(byRisk.indexOf(leaver)).isLessThan(byRisk.indexOf(stayer));
        given().queryParam("sort", "loudest").when().get("/alerts").then().statusCode(400);

        TopicReader.write("churn-risk-signals", leaver, signal(leaver, "ENDED", "relationship-ended", 0.41,
                Instant.now().plusSeconds(1)));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().queryParam("customerId", leaver)
                .when().get("/alerts").then().body("[0].status", equalTo("RESOLVED"))
                .body("[0].resolution", equalTo("churned")).body("[0].risk", equalTo(0.41f)));
        String id = given().queryParam("customerId", leaver).when().get("/alerts").then().extract().path("[0].id");
        assertThat(given().when().get("/alerts/{id}/transitions", id).then().extract().<List<String>>path("note"))
                .anyMatch(note -> note.startsWith("the customer left"));
        // The leaver's alert is judged and right; the stayer's is not judged yet (its horizon is ahead).
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(figure("overall.judged")).isEqualTo(judgedBefore + 1);
            assertThat(figure("overall.churners")).isEqualTo(churnersBefore + 1);
            assertThat(figure("overall.warned")).isEqualTo(warnedBefore + 1);
        });
        assertThat(figure("bySegment.'accuracy-test'.precision")).isEqualTo(1.0);
        assertThat(figure("bySegment.'accuracy-test'.recall")).isEqualTo(1.0);
        given().queryParam("days", 0).when().get("/alerts/accuracy").then().statusCode(400);

        // The exported gauges follow (refreshed every second in tests).
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Management.given().when().get("/q/metrics")
                .then().extract().asString())
                .contains("ew_alerts_accuracy_precision{cause=\"all\",segment=\"accuracy-test\"} 1.0")
                .contains("ew_alerts_accuracy_recall{cause=\"all\",segment=\"accuracy-test\"} 1.0"));

        // A renewal after the end: the customer is back, and counts as a churner no more.
        TopicReader.write("churn-risk-signals", leaver, signal(leaver, "RENEWED", "relationship-renewed", null,
                Instant.now().plusSeconds(2)));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(figure("overall.churners")).isEqualTo(churnersBefore));
    }
}
