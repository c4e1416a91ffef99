package dev.earlywarning.scorer.kafka;

import dev.earlywarning.platform.test.Management;
import static dev.earlywarning.platform.test.Auth.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.earlywarning.platform.test.TopicReader;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ScoringPipelineTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String contact(String eventId, String customerId, Instant at, String sentiment, String outcome,
                                  int effort) {
        return """
                {"schemaVersion":1,"eventId":"%s","customerId":"%s","occurredAt":"%s","segment":"retail",
                 "type":"contact","channel":"phone","direction":"inbound","perceived":true,"caseRef":"T-9",
                 "outcome":"%s","sentiment":"%s","effortScore":%d,"aFieldFromTheFuture":{"x":1}}
                """.formatted(eventId, customerId, at, outcome, sentiment, effort);
    }

    /**
     * Event times a few days back from now: fixed calendar dates age, and in wall-clock mode the
     * 180-day silence timer then moves the score before the assertions run.
     */
    private static Instant recent() {
        return Instant.now().minus(Duration.ofDays(3)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }

    @Test
    void aThirdBadContactIsScoredPersistedAndSignalledWithItsRisk() throws Exception {
        String customer = "C-" + UUID.randomUUID();
        Instant t0 = recent();
        TopicReader.write("contact-events", customer, contact("e1-" + customer, customer, t0, "positive", "resolved", 6));
        TopicReader.write("contact-events", customer,
                contact("e2-" + customer, customer, t0.plusSeconds(60), "negative", "unresolved", 6));
        TopicReader.write("contact-events", customer,
                contact("e3-" + customer, customer, t0.plusSeconds(120), "negative", "unresolved", 6));

        ConsumerRecord<String, String> signalRecord = TopicReader.await("churn-risk-signals",
                r -> customer.equals(r.key()) && r.value().contains("CRITICAL_SIGNAL"), 1, Duration.ofSeconds(30)).get(0);
        JsonNode signal = JSON.readTree(signalRecord.value());
        // The third contact on case T-9 is a red flag: it alerts at once, whatever the risk.
        assertThat(signal.get("kind").asText()).isEqualTo("RISK_RAISED");
        assertThat(signal.get("trigger").asText()).isEqualTo("CRITICAL_SIGNAL");
        assertThat(signal.get("cause").asText()).isEqualTo("repeat-contact");
        assertThat(signal.get("severity").asText()).isEqualTo("CRITICAL");
        assertThat(signal.get("triggeringEventId").asText()).isEqualTo("e3-" + customer);
        // Before: 100 - 55 (negative, unresolved) - 18 (effort 6) - 6 (a second contact on T-9) = 21; after,
        // a third contact: 100 - 55 - 18 - 12 - 20 (the red flag) is below 0.
        assertThat(signal.get("scoreBefore").asInt()).isEqualTo(21);
        assertThat(signal.get("scoreAfter").asInt()).isEqualTo(0);
        assertThat(signal.get("drivers").get(0).get("eventIds").get(0).asText()).isEqualTo("e3-" + customer);
        // The risk travels with the signal, its factors adding up to its log-odds; a red flag keeps the customer alerted.
        JsonNode risk = signal.get("risk");
        assertThat(risk.get("alerting").asBoolean()).isTrue();
        assertThat(risk.get("horizonDays").asInt()).isEqualTo(90);
        double sum = risk.get("baseLogOdds").asDouble();
        for (JsonNode factor : risk.get("factors")) {
            sum += factor.get("logOdds").asDouble();
        }
        assertThat(sum).isCloseTo(risk.get("logOdds").asDouble(), org.assertj.core.data.Offset.offset(0.002));

        given().when().get("/customers/{id}/health", customer)
                .then().statusCode(200)
                .body("score", equalTo(0))
                .body("band", equalTo("CRITICAL"))
                .body("risk.probability", equalTo((float) risk.get("probability").asDouble()))
                .body("drivers.rule", hasItem("effort"));
        given().when().get("/customers/{id}/history", customer)
                .then().statusCode(200)
                .body("size()", equalTo(3))
                .body("[0].cause", equalTo("e3-" + customer))
                .body("[0].risk.probability", equalTo((float) risk.get("probability").asDouble()))
                // The event behind each step, as the scorer read it: the console marks it on the chart.
                .body("[0].event.eventId", equalTo("e3-" + customer))
                .body("[0].event.type", equalTo("CONTACT"))
                .body("[0].event.sentiment", equalTo("NEGATIVE"))
                .body("[0].event.occurredAt", equalTo(t0.plusSeconds(120).toString()))
                .body("[2].event.eventId", equalTo("e1-" + customer));
        given().when().get("/customers/at-risk?limit=1000")
                .then().statusCode(200)
                .body("customerId", hasItem(customer));

        ConsumerRecord<String, String> health = TopicReader.await("relationship-health",
                r -> customer.equals(r.key()) && r.value().contains("\"score\":0"), 1, Duration.ofSeconds(10)).get(0);
        assertThat(JSON.readTree(health.value()).get("band").asText()).isEqualTo("CRITICAL");
        assertThat(JSON.readTree(health.value()).at("/risk/probability").asDouble())
                .isEqualTo(risk.get("probability").asDouble());
    }

    @Test
    void theConsolesOriginMayReadHealthFromTheBrowserAndNoOtherOrigin() {
        io.restassured.RestAssured.given().header("Origin", "http://localhost:8083")
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization")
                .when().options("/customers/C-1/health").then().statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo("http://localhost:8083"))
                .header("Access-Control-Allow-Headers", org.hamcrest.Matchers.containsStringIgnoringCase("authorization"));
        given().header("Origin", "http://localhost:8083").when().get("/policy").then().statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo("http://localhost:8083"));
        given().header("Origin", "https://elsewhere.example").when().get("/policy").then().statusCode(403);
    }

    @Test
    void aRedeliveredEventIsNotCountedTwice() {
        String customer = "C-" + UUID.randomUUID();
        Instant t0 = recent();
        String event = contact("dup-" + customer, customer, t0, "neutral", "resolved", 3);
        TopicReader.write("contact-events", customer, event);
        TopicReader.write("contact-events", customer, event);
        String marker = contact("last-" + customer, customer, t0.plusSeconds(3600), "neutral", "resolved", 3);
        TopicReader.write("contact-events", customer, marker);

        TopicReader.await("relationship-health", r -> customer.equals(r.key()), 1, Duration.ofSeconds(30));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().when().get("/customers/{id}/history", customer)
                        .then().statusCode(200)
                        .body("size()", equalTo(2))
                        .body("cause", org.hamcrest.Matchers.contains("last-" + customer, "dup-" + customer)));
        // A second application would have added a scored event to the state, whatever the history shows.
        given().when().get("/customers/{id}/health", customer)
                .then().statusCode(200)
                .body("drivers.find { it.rule == 'last-contact-experience' }.eventIds",
                        org.hamcrest.Matchers.contains("last-" + customer));
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopicWithItsReason() {
        String key = "poison-" + UUID.randomUUID();
        TopicReader.write("contact-events", key, "{not json");

        ConsumerRecord<String, String> dead = TopicReader.await("health-scorer.dlq",
                r -> key.equals(r.key()), 1, Duration.ofSeconds(30)).get(0);
        assertThat(dead.value()).isEqualTo("{not json");
        String reason = new String(dead.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8);
        assertThat(reason).contains("Not a contact event");
    }

    @Test
    void theDriversAddUpToTheScoreAndAtRiskFiltersByBandAndSegment() {
        String customer = "C-" + UUID.randomUUID();
        String segment = "seg-" + UUID.randomUUID().toString().substring(0, 8);
        Instant t0 = recent();
        TopicReader.write("contact-events", customer, contact("n1-" + customer, customer, t0, "negative", "resolved", 4)
                .replace("\"retail\"", "\"" + segment + "\""));
        TopicReader.await("relationship-health", r -> customer.equals(r.key()), 1, Duration.ofSeconds(30));

        io.restassured.response.Response health = given().when().get("/customers/{id}/health", customer);
        // 100 - 40 (negative) - 6 (effort 4) = 54: at risk.
        health.then().statusCode(200).body("score", equalTo(54)).body("band", equalTo("AT_RISK"));
        java.util.List<Float> points = health.path("drivers.points");
        int score = health.path("score");
        assertThat(100 + points.stream().mapToDouble(Float::doubleValue).sum()).isCloseTo(score, org.assertj.core.data.Offset.offset(0.5));

        given().queryParam("segment", segment)
                .when().get("/customers/at-risk")
                .then().statusCode(200)
                .body("customerId", org.hamcrest.Matchers.contains(customer));
        given().queryParam("band", "HEALTHY").queryParam("band", "WATCH").queryParam("segment", segment)
                .when().get("/customers/at-risk")
                .then().statusCode(200)
                .body("size()", equalTo(0));
        given().queryParam("size", 5000).when().get("/customers/at-risk").then().statusCode(400)
                .body("status", equalTo(400));
    }

    @Test
    void theActivePolicyIsPublished() {
        given().when().get("/policy")
                .then().statusCode(200)
                .body("version", equalTo(dev.earlywarning.scorer.policy.PolicyLoader.builtIn().version()))
                .body("defaults.lastContact.negative", equalTo(-40.0f))
                .body("segments.sme.version", equalTo(dev.earlywarning.scorer.policy.PolicyLoader.builtIn().version() + "+sme"))
                .body("defaults.alerting.mode", equalTo("RISK"));
    }

    @Test
    void metricsShowScoringAndBands() {
        String metrics = Management.given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("ew_scorer_events_total").contains("ew_scorer_lag_seconds")
                .contains("ew_scorer_customers{band=\"CRITICAL\"}").contains("ew_scorer_batch_latency_seconds");
        // The instance's share of the customers it is sized for (scorer.max-customers): a quota SREs watch.
        double held = gauge(metrics, "ew_scorer_state_customers");
        assertThat(held).isGreaterThan(0);
        assertThat(gauge(metrics, "ew_scorer_state_capacity_used")).isCloseTo(held / 2_000_000,
                org.assertj.core.data.Offset.offset(1e-6));
        // The scoring-lag panel can show lags of hours and days: the histogram has buckets beyond 30 s.
        assertThat(metrics.lines().filter(line -> line.startsWith("ew_scorer_lag_seconds_bucket{le=\""))
                .map(line -> line.substring(line.indexOf("le=\"") + 4, line.indexOf('"', line.indexOf("le=\"") + 4)))
                .filter(le -> !le.equals("+Inf")).mapToDouble(Double::parseDouble).max().orElse(0))
                .isGreaterThan(86_400);
    }

    private static double gauge(String metrics, String name) {
        return metrics.lines().filter(line -> line.startsWith(name + " ")).mapToDouble(line ->
                Double.parseDouble(line.substring(name.length() + 1).trim())).findFirst().orElseThrow(() ->
                new AssertionError(name + " is not exported"));
    }

    @Test
    void livenessReportsTheStateStore() {
        Management.given().when().get("/q/health/live")
                .then().statusCode(200)
                .body("checks.find { it.name == 'State store' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'State store' }.data.stallTimeoutMillis", equalTo(300000));
    }

    @Test
    void readinessReportsThePipelineAndConsumption() {
        Management.given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("checks.find { it.name == 'Scoring pipeline' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'Consumption' }.status", equalTo("UP"));
        String metrics = Management.given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("ew_scorer_pipeline_failing{stage=\"store\"} 0.0")
                .contains("ew_scorer_consumption_stalled 0.0");
    }

    @Test
    void unknownCustomerIsAProblem404() {
        given().when().get("/customers/{id}/health", "nobody-" + UUID.randomUUID())
                .then().statusCode(404)
                .body("status", equalTo(404));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            NUL in the customer id       | "customerId":"%s\\u0000"            | customerId
            a segment over its column    | "segment":"ssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssss" | segment
            an event centuries old       | "occurredAt":"1600-01-01T00:00:00Z" | occurredAt
            """)
    void aRecordTheStoreCouldNotHoldIsDeadLetteredAndScoringGoesOn(String name, String override, String field)
            throws Exception {
        // Each of these once stopped all scoring: the store retried a refused batch forever, or the
        // channel stopped on a timer's overflow and a restart replayed into the same failure.
        String poisoned = "P-" + UUID.randomUUID();
        String eventId = "poison-" + UUID.randomUUID();
        String base = contact(eventId, poisoned, recent(), "negative", "unresolved", 5);
        com.fasterxml.jackson.databind.node.ObjectNode node = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(base);
        node.setAll((com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree("{" + override.formatted(poisoned) + "}"));
        String record = JSON.writeValueAsString(node);
        TopicReader.write("contact-events", poisoned, record);
        String healthy = "C-" + UUID.randomUUID();
        TopicReader.write("contact-events", healthy, contact("after-" + healthy, healthy, recent(), "positive",
                "resolved", 2));

        ConsumerRecord<String, String> dead = TopicReader.await("health-scorer.dlq",
                r -> poisoned.equals(r.key()), 1, Duration.ofSeconds(30)).get(0);
        assertThat(new String(dead.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8))
                .contains(field);
        assertThat(dead.headers().lastHeader("dead-letter-offset")).isNotNull();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().when().get("/customers/{id}/health", healthy).then().statusCode(200));
        Management.given().when().get("/q/health/ready").then().statusCode(200);
    }
}
