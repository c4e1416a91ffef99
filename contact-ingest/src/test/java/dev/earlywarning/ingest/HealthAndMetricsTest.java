package dev.earlywarning.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class HealthAndMetricsTest {

    @Test
    void readinessIncludesKafka() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("Reactive Messaging")))
                .body("checks[0].data.contact-events", equalTo("[OK]"));
    }

    @Test
    void rejectedEventsAreCountedByReasonAndChannel() {
        given().contentType("application/json").body("{\"channel\":\"chat\",\"type\":\"contact\"}")
                .when().post("/events").then().statusCode(400);

        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("ew_ingest_events_total{channel=\"chat\",outcome=\"rejected\",reason=\"invalid\"}"));
    }
}
