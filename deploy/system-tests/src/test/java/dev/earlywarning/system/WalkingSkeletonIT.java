package dev.earlywarning.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.earlywarning.platform.DemoTraffic;
import dev.earlywarning.platform.DevTokens;
import dev.earlywarning.platform.LocalSystem;
import dev.earlywarning.platform.Platform;
import dev.earlywarning.platform.WebhookReceiver;

/**
 * The three packaged services as separate processes against a real Kafka broker and PostgreSQL:
 * an event POSTed to contact-ingest ends as a signed webhook from alert-service.
 */
class WalkingSkeletonIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalSystem system;
    private static WebhookReceiver receiver;

    @BeforeAll
    static void start() {
        Path root = Path.of(System.getProperty("earlywarning.root", "../..")).toAbsolutePath().normalize();
        system = LocalSystem.startOn(Platform.shared(), root, LocalSystem.Ports.free(), System.getenv(),
                root.resolve("deploy/system-tests/target/service-logs"));
        receiver = WebhookReceiver.start(0);
    }

    @AfterAll
    static void stop() {
        if (receiver != null) {
            receiver.close();
        }
        if (system != null) {
            system.close();
        }
    }

    /** A member of staff (viewer, operator, admin) with a token of the platform's development issuer. */
    private static io.restassured.specification.RequestSpecification given() {
        return io.restassured.RestAssured.given().auth().oauth2(system.platform().tokens().token("system-test",
                java.util.List.of(DevTokens.VIEWER, DevTokens.OPERATOR, DevTokens.ADMIN), java.util.Map.of(),
                Duration.ofHours(1)));
    }

    /** A producing system, bound to its source. */
    private static io.restassured.specification.RequestSpecification producer(String source) {
        return io.restassured.RestAssured.given().auth().oauth2(system.platform().tokens().producer(source));
    }

    /** Three failed calls about one problem within minutes: the third is a red flag and alerts at once. */
    private static java.util.List<String> thirdCall(String customer) {
        java.util.List<String> ids = new java.util.ArrayList<>();
        Instant now = Instant.now();
        for (int i = 0; i < 3; i++) {
            String eventId = "evt-" + UUID.randomUUID();
            ids.add(eventId);
            producer("demo").contentType("application/json")
                    .body(DemoTraffic.contactEvent(eventId, customer, now.minusSeconds(300 - 100L * i), "phone",
                            i == 0 ? "neutral" : "negative", "unresolved", 5 + i))
                    .when().post(system.ingestUrl() + "/events")
                    .then().statusCode(202).body("status", equalTo("ACCEPTED"));
        }
        return ids;
    }

    @Test
    void aPostedContactEndsAsAStoredAlertAndASignedWebhookAndItsOutcomeJudgesIt() throws Exception {
        String secret = given().contentType("application/json")
                .body("{\"name\":\"ops\",\"url\":\"" + receiver.url("/hook") + "\",\"minSeverity\":\"INFO\"}")
                .when().post(system.alertsUrl() + "/subscriptions")
                .then().statusCode(201).extract().path("secret");
        double churnersBefore = accuracy("overall.churners");
        double warnedBefore = accuracy("overall.warned");

        String customer = "C-" + UUID.randomUUID();
        java.util.List<String> eventIds = thirdCall(customer);

        WebhookReceiver.Received webhook = receiver.await(r -> r.path().equals("/hook") && r.body().contains(customer),
                        Duration.ofSeconds(30))
                .orElseThrow(() -> new AssertionError("no webhook for " + customer + " within 30 s"));
        assertThat(webhook.signedWith(secret)).as("Standard Webhooks signature").isTrue();
        assertThat(webhook.webhookId()).isNotBlank();
        JsonNode message = JSON.readTree(webhook.body());
        assertThat(message.get("type").asText()).isEqualTo("alert.opened");
        JsonNode alert = message.get("data");
        assertThat(alert.get("customerId").asText()).isEqualTo(customer);
        assertThat(alert.get("severity").asText()).isEqualTo("CRITICAL");
        assertThat(alert.get("cause").asText()).isEqualTo("repeat-contact");
        assertThat(alert.get("risk").asDouble()).isBetween(0.0, 1.0);
        JsonNode repeat = null;
        for (JsonNode driver : alert.get("drivers")) {
            repeat = driver.get("rule").asText().equals("repeat-contact") ? driver : repeat;
        }
        assertThat(repeat).isNotNull();
        assertThat(repeat.get("eventIds").toString()).contains(eventIds.get(2));

        given().queryParam("customerId", customer)
                .when().get(system.alertsUrl() + "/alerts")
                .then().statusCode(200)
                .body("[0].status", equalTo("OPEN"))
                .body("[0].id", equalTo(alert.get("id").asText()))
                .body("[0].recommendedAction", equalTo(alert.get("recommendedAction").asText()));
        JsonNode health = JSON.readTree(given().when().get(system.scorerUrl() + "/customers/{id}/health", customer)
                .then().statusCode(200).extract().asString());
        assertThat(health.get("score").asInt()).isEqualTo(alert.get("scoreAfter").asInt());
        assertThat(health.at("/risk/probability").asDouble()).isEqualTo(alert.get("risk").asDouble());
        double shares = health.at("/risk/baseLogOdds").asDouble();
        for (JsonNode factor : health.at("/risk/factors")) {
            shares += factor.get("logOdds").asDouble();
        }
        assertThat(shares).as("the factors add up to the risk's log-odds")
                .isCloseTo(health.at("/risk/logOdds").asDouble(), org.assertj.core.data.Offset.offset(0.002));

        // The customer leaves: its alert is resolved as churned, and the live accuracy counts a warned churner.
        producer("billing").contentType("application/json").body("""
                {"eventId":"end-%s","customerId":"%s","occurredAt":"%s","sourceSystem":"billing",
                 "type":"relationship_ended","reason":"switched to a competitor"}""".formatted(customer, customer,
                        Instant.now()))
                .when().post(system.ingestUrl() + "/events").then().statusCode(202);
        receiver.await(r -> r.path().equals("/hook") && r.body().contains(customer) && r.body().contains("alert.resolved"),
                        Duration.ofSeconds(30))
                .orElseThrow(() -> new AssertionError("no alert.resolved webhook for " + customer));
        given().queryParam("customerId", customer).when().get(system.alertsUrl() + "/alerts")
                .then().body("[0].status", equalTo("RESOLVED")).body("[0].resolution", equalTo("churned"));
        assertThat(accuracy("overall.churners")).isEqualTo(churnersBefore + 1);
        assertThat(accuracy("overall.warned")).isEqualTo(warnedBefore + 1);
        assertThat(accuracy("byCause.'repeat-contact'.right")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void anErasedCustomerIsGoneFromEveryServiceAndItsHealthIsTombstoned() throws Exception {
        // A customer with health, history, an alert, its transitions, stream events and webhook deliveries.
        given().contentType("application/json")
                .body("{\"name\":\"erasure\",\"url\":\"" + receiver.url("/erasure") + "\",\"minSeverity\":\"INFO\"}")
                .when().post(system.alertsUrl() + "/subscriptions").then().statusCode(201);
        String customer = "E-" + UUID.randomUUID();
        thirdCall(customer);
        receiver.await(r -> r.path().equals("/erasure") && r.body().contains(customer), Duration.ofSeconds(30))
                .orElseThrow(() -> new AssertionError("no webhook for " + customer));
        String alertId = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                given().queryParam("customerId", customer).when().get(system.alertsUrl() + "/alerts")
                        .then().extract().<String>path("[0].id"), id -> id != null);
        given().when().post(system.alertsUrl() + "/alerts/{id}/acknowledge", alertId).then().statusCode(200);
        given().when().get(system.scorerUrl() + "/customers/{id}/health", customer).then().statusCode(200);
        assertThat(rows(LocalSystem.ALERTS_DATABASE, customer)).as("before").containsEntry("alert", 1L);

        // Only an admin may erase: a producer cannot.
        producer("demo").when().post(system.ingestUrl() + "/customers/{id}/erasure", customer).then().statusCode(403);
        io.restassured.RestAssured.given().auth().oauth2(system.platform().tokens().forRole(DevTokens.ADMIN))
                .when().post(system.ingestUrl() + "/customers/{id}/erasure", customer)
                .then().statusCode(202).body("status", equalTo("ACCEPTED"));

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            given().when().get(system.scorerUrl() + "/customers/{id}/health", customer).then().statusCode(404);
            given().queryParam("customerId", customer).when().get(system.alertsUrl() + "/alerts")
                    .then().statusCode(200).body("size()", equalTo(0));
        });
        given().when().get(system.scorerUrl() + "/customers/{id}/history", customer).then().statusCode(200)
                .body("size()", equalTo(0));
        given().when().get(system.alertsUrl() + "/alerts/{id}", alertId).then().statusCode(404);
        assertThat(rows(LocalSystem.SCORER_DATABASE, customer)).allSatisfy((table, count) ->
                assertThat(count).as(table).isZero());
        assertThat(rows(LocalSystem.ALERTS_DATABASE, customer)).allSatisfy((table, count) ->
                assertThat(count).as(table).isZero());

        java.util.List<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> health = Records.readAll(
                system.platform().bootstrapServers(), "relationship-health").stream()
                .filter(r -> customer.equals(r.key())).toList();
        assertThat(health).as("updates, then the tombstone").hasSizeGreaterThan(1);
        assertThat(health.get(health.size() - 1).value()).as("the last record is a tombstone").isNull();
        assertThat(Records.readAll(system.platform().bootstrapServers(), "churn-risk-signals").stream()
                .filter(r -> customer.equals(r.key())).reduce((a, b) -> b).orElseThrow().value())
                .contains("\"kind\":\"ERASED\"").doesNotContain("\"segment\":\"retail\"");
    }

    /** Rows that mention the customer, per table of the database. */
    private static java.util.Map<String, Long> rows(String database, String customer) throws Exception {
        var pg = system.platform().postgres();
        java.util.Map<String, String> queries = database.equals(LocalSystem.SCORER_DATABASE)
                ? java.util.Map.of("customer_health", "SELECT count(*) FROM customer_health WHERE customer_id = ?",
                        "health_history", "SELECT count(*) FROM health_history WHERE customer_id = ?")
                : java.util.Map.of("alert", "SELECT count(*) FROM alert WHERE customer_id = ?",
                        "alert_event", "SELECT count(*) FROM alert_event WHERE payload LIKE '%' || ? || '%'",
                        "delivery", "SELECT count(*) FROM delivery WHERE payload LIKE '%' || ? || '%'",
                        "customer_outcome", "SELECT count(*) FROM customer_outcome WHERE customer_id = ?");
        java.util.Map<String, Long> counts = new java.util.TreeMap<>();
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(pg.jdbcUrl(database), pg.user(),
                pg.password())) {
            for (var query : queries.entrySet()) {
                try (var statement = connection.prepareStatement(query.getValue())) {
                    statement.setString(1, customer);
                    try (var result = statement.executeQuery()) {
                        result.next();
                        counts.put(query.getKey(), result.getLong(1));
                    }
                }
            }
        }
        return counts;
    }

    private static double accuracy(String path) {
        Number value = given().when().get(system.alertsUrl() + "/alerts/accuracy").then().statusCode(200).extract()
                .path(path);
        return value == null ? 0 : value.doubleValue();
    }

    @Test
    void everyServiceIsReadyAndExposesPrometheusMetrics() {
        for (var service : system.services()) {
            String url = service.managementUrl();
            io.restassured.RestAssured.given().when().get(url + "/q/health/ready").then().statusCode(200)
                    .body("status", equalTo("UP"));
            String metrics = io.restassured.RestAssured.given().when().get(url + "/q/metrics").then().statusCode(200)
                    .extract().asString();
            assertThat(metrics).contains("# TYPE jvm_memory_used_bytes gauge");
        }
    }
}
