package dev.earlywarning.ingest;


import dev.earlywarning.platform.test.Management;
import dev.earlywarning.platform.test.Auth;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class HealthAndMetricsTest {

    @Test
    void readinessIncludesKafka() {
        Management.given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'Kafka producer' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'Kafka producer' }.data.topic", equalTo("contact-events"))
                .body("checks.find { it.name == 'De-duplication index' }.status", equalTo("UP"));
    }

    @Test
    void rejectedEventsAreCountedByReasonAndChannel() {
        Auth.producer("crm").contentType("application/json").body("{\"channel\":\"chat\",\"type\":\"contact\"}")
                .when().post("/events").then().statusCode(400);

        Management.given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("ew_ingest_events_total{channel=\"chat\",outcome=\"rejected\",reason=\"invalid_eventId\",source=\"rest\"}"));
    }
}
