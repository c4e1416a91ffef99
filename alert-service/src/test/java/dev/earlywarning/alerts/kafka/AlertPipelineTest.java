package dev.earlywarning.alerts.kafka;

import dev.earlywarning.platform.test.Management;
import static dev.earlywarning.platform.test.Auth.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Future;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.earlywarning.platform.Platform;
import dev.earlywarning.platform.WebhookReceiver;
import dev.earlywarning.platform.test.TopicReader;
import dev.earlywarning.platform.test.WebhookReceiverExtension;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@QuarkusTest
class AlertPipelineTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final WebhookReceiverExtension receiver = new WebhookReceiverExtension();

    private static String signal(String signalId, String kind, String customer, String severity, int scoreAfter) {
        return """
                {"schemaVersion":1,"signalId":"%s","kind":"%s","customerId":"%s","segment":"retail",
                 "cause":"last-contact-experience","severity":"%s","scoreBefore":82,"scoreAfter":%d,
                 "bandBefore":"HEALTHY","bandAfter":"CRITICAL","recommendedAction":"Call the customer back",
                 "triggeringEventId":"e2","occurredAt":"2026-06-01T10:00:00Z","unknownField":true,
                 "drivers":[{"rule":"last-contact-experience","points":-55.0,"reason":"Last contact (phone) left a negative experience","level":"CONTACT","eventIds":["e2"],"recommendedAction":"Call the customer back"}]}
                """.formatted(signalId, kind, customer, severity, scoreAfter);
    }

    private static String subscribe(String path, String minSeverity) {
        Response response = given().contentType("application/json")
                .body("{\"name\":\"retention desk\",\"url\":\"" + receiver.url(path) + "\",\"minSeverity\":\""
                        + minSeverity + "\"}")
                .when().post("/subscriptions");
        response.then().statusCode(201).body("secret", containsString("whsec_"));
        return response.path("secret");
    }

    private static JsonNode body(WebhookReceiver.Received r) {
        try {
            return JSON.readTree(r.body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aSignalBecomesAnAlertDeliveredAsASignedWebhookOnce() {
        String secret = subscribe("/desk", "WARNING");
        String customer = "C-" + UUID.randomUUID();
        String signalId = UUID.randomUUID().toString();
        double duplicatesBefore = signalsCounted("duplicate");

        TopicReader.write("churn-risk-signals", customer, signal(signalId, "RISK_RAISED", customer, "CRITICAL", 27));
        // The same signal again (a re-emit after a crash) changes nothing: applied twice, it would be
        // an update of the open alert (a transition, an alert.updated delivery), not a second alert.
        TopicReader.write("churn-risk-signals", customer, signal(signalId, "RISK_RAISED", customer, "CRITICAL", 27));
        await().atMost(Duration.ofSeconds(30)).until(() -> signalsCounted("duplicate") >= duplicatesBefore + 1);

        WebhookReceiver.Received opened = receiver.await(r -> r.path().equals("/desk") && r.body().contains(customer),
                Duration.ofSeconds(30))
                .orElseThrow(() -> new AssertionError("no webhook for " + customer));
        assertThat(opened.signedWith(secret)).isTrue();
        JsonNode message = body(opened);
        assertThat(message.get("type").asText()).isEqualTo("alert.opened");
        assertThat(message.at("/data/customerId").asText()).isEqualTo(customer);
        assertThat(message.at("/data/severity").asText()).isEqualTo("CRITICAL");
        assertThat(message.at("/data/scoreBefore").asInt()).isEqualTo(82);
        assertThat(message.at("/data/scoreAfter").asInt()).isEqualTo(27);
        assertThat(message.at("/data/drivers/0/eventIds/0").asText()).isEqualTo("e2");
        assertThat(message.at("/data/recommendedAction").asText()).isEqualTo("Call the customer back");
        // The public address (alerts.public-scorer-url), never the internal one the service calls.
        assertThat(message.at("/data/customerHistoryUrl").asText())
                .isEqualTo("https://early-warning.test/scorer/customers/" + customer + "/history");

        String alertId = given().queryParam("customerId", customer).when().get("/alerts")
                .then().statusCode(200).body("$", hasSize(1)).body("[0].status", equalTo("OPEN"))
                .extract().path("[0].id");
        given().when().get("/alerts/{id}/transitions", alertId).then().statusCode(200)
                .body("action", org.hamcrest.Matchers.contains("open"));
        given().when().get("/alerts/{id}/deliveries", alertId).then().statusCode(200)
                .body("eventType", org.hamcrest.Matchers.everyItem(equalTo("alert.opened")));

        given().when().post("/alerts/{id}/acknowledge", alertId).then().statusCode(200)
                .body("status", equalTo("ACKNOWLEDGED"));
        given().when().post("/alerts/{id}/acknowledge", alertId).then().statusCode(200)
                .body("status", equalTo("ACKNOWLEDGED"));
        // The time-to-acknowledge panel reads this histogram (it was a timer without buckets).
        assertThat(Management.given().when().get("/q/metrics").then().statusCode(200).extract().asString())
                .contains("ew_alerts_time_to_acknowledge_seconds_bucket{severity=\"CRITICAL\",le=\"+Inf\"}");

        // Recovery resolves the alert.
        TopicReader.write("churn-risk-signals", customer,
                signal(UUID.randomUUID().toString(), "RECOVERED", customer, "INFO", 80));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().when().get("/alerts/{id}", alertId).then().statusCode(200).body("status", equalTo("RESOLVED")));
        given().when().post("/alerts/{id}/acknowledge", alertId).then().statusCode(409)
                .contentType(containsString("application/problem+json"))
                .body("type", containsString("illegal-transition"));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(receiver.received().stream().filter(r -> r.path().equals("/desk") && r.body().contains(customer))
                        .map(r -> body(r).get("type").asText()))
                        .containsExactly("alert.opened", "alert.acknowledged", "alert.resolved"));
        given().when().get("/alerts/{id}/deliveries", alertId).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.everyItem(equalTo("DELIVERED")));
    }

    @Test
    void aFailingEndpointIsRetriedWithTheSameWebhookId() {
        subscribe("/flaky", "CRITICAL");
        String customer = "C-" + UUID.randomUUID();
        receiver.answerNext("/flaky", 500);

        TopicReader.write("churn-risk-signals", customer,
                signal(UUID.randomUUID().toString(), "RISK_RAISED", customer, "CRITICAL", 20));

        WebhookReceiver.Received delivered = receiver.await(r -> r.path().equals("/flaky") && r.body().contains(customer),
                Duration.ofSeconds(30)).orElseThrow();
        String alertId = given().queryParam("customerId", customer).when().get("/alerts").then().extract().path("[0].id");
        given().when().get("/alerts/{id}/deliveries", alertId).then().statusCode(200)
                .body("find { it.id == '" + delivered.webhookId() + "' }.attempts", equalTo(2))
                .body("find { it.id == '" + delivered.webhookId() + "' }.status", equalTo("DELIVERED"));
    }

    @Test
    void invalidSubscriptionNamesTheField() {
        given().contentType("application/json").body("{\"name\":\"x\",\"url\":\"ftp://example\"}")
                .when().post("/subscriptions")
                .then().statusCode(400)
                .contentType(containsString("application/problem+json"))
                .body("errors[0].field", equalTo("url"));
    }

    @Test
    void anUnreadableSignalGoesToTheDeadLetterTopic() {
        String key = "poison-" + UUID.randomUUID();
        TopicReader.write("churn-risk-signals", key, "[1,2,3]");
        ConsumerRecord<String, String> dead = TopicReader.await("alert-service.dlq", r -> key.equals(r.key()), 1,
                Duration.ofSeconds(30)).get(0);
        assertThat(new String(dead.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8))
                .contains("Not a churn-risk signal");
    }

    @Test
    void aBatchIsAppliedOnceEachAndASignalTheDatabaseRejectsIsDeadLetteredAlone() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String key = "batch-" + run;
        List<String> customers = new ArrayList<>();
        String rejectedCustomer = "R-" + run;
        Properties props = new Properties();
        props.put("bootstrap.servers", Platform.shared().bootstrapServers());
        props.put("acks", "all");
        props.put("linger.ms", "50");
        // One key, so one partition and, most likely, one batch of the consumer.
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            String repeated = null;
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String customer = "B-" + run + "-" + i;
                customers.add(customer);
                String signal = signal(run + "-" + i, "RISK_RAISED", customer, "WARNING", 40);
                sends.add(producer.send(new ProducerRecord<>("churn-risk-signals", key, signal)));
                if (i == 3) {
                    repeated = signal;
                }
                if (i == 9) {
                    // a driver's reason with an escaped NUL: readable, but jsonb refuses it (SQLSTATE 22P05)
                    sends.add(producer.send(new ProducerRecord<>("churn-risk-signals", key,
                            signal(run + "-bad", "RISK_RAISED", rejectedCustomer, "WARNING", 40)
                                    .replace("left a negative experience", "left a \\u0000 experience"))));
                }
            }
            sends.add(producer.send(new ProducerRecord<>("churn-risk-signals", key, repeated)));
            for (Future<RecordMetadata> send : sends) {
                send.get();
            }
        }

        ConsumerRecord<String, String> dead = TopicReader.await("alert-service.dlq",
                r -> key.equals(r.key()), 1, Duration.ofSeconds(30)).get(0);
        assertThat(dead.value()).contains(rejectedCustomer);
        assertThat(new String(dead.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8))
                .startsWith("Could not apply the signal");
        for (String customer : customers) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    given().queryParam("customerId", customer).when().get("/alerts")
                            .then().statusCode(200).body("$", hasSize(1)).body("[0].status", equalTo("OPEN"))
                            .body("[0].scoreAfter", equalTo(40)));
        }
        given().queryParam("customerId", rejectedCustomer).when().get("/alerts")
                .then().statusCode(200).body("$", hasSize(0));
    }

    @jakarta.inject.Inject
    dev.earlywarning.alerts.service.AlertService alerts;

    private static dev.earlywarning.alerts.domain.Signal direct(String kind, String customer, String severity,
                                                                 int scoreAfter) {
        return new dev.earlywarning.alerts.domain.Signal(UUID.randomUUID().toString(),
                dev.earlywarning.alerts.domain.Signal.Kind.valueOf(kind), customer, "retail", "effort",
                dev.earlywarning.alerts.domain.Severity.valueOf(severity), 80, scoreAfter, "HEALTHY", "AT_RISK",
                List.of(), "Call the customer back", "e1", java.time.Instant.now());
    }

    /**
     * One batch that escalates a customer's open alert, resolves it by a recovery and opens a new
     * episode of the same cause: each table's rows are written together, existing alerts before
     * new ones, so the one-open-alert-per-cause index holds.
     */
    @Test
    void aBatchMayResolveAnAlertAndOpenTheNextEpisodeOfTheSameCause() {
        String customer = "E-" + UUID.randomUUID();
        var first = direct("RISK_RAISED", customer, "WARNING", 50);
        alerts.onSignals(List.of(first)).await().atMost(Duration.ofSeconds(10));

        alerts.onSignals(List.of(direct("RISK_RAISED", customer, "CRITICAL", 30), first,
                direct("RECOVERED", customer, "INFO", 85), direct("RISK_RAISED", customer, "WARNING", 45)))
                .await().atMost(Duration.ofSeconds(10));

        given().queryParam("customerId", customer).when().get("/alerts").then().statusCode(200)
                .body("$", hasSize(2))
                .body("find { it.status == 'RESOLVED' }.severity", equalTo("CRITICAL"))
                .body("find { it.status == 'RESOLVED' }.scoreAfter", equalTo(85))
                .body("find { it.status == 'OPEN' }.scoreAfter", equalTo(45));
    }

    /** The alert-service's count of signals by outcome, from its metrics. */
    private static double signalsCounted(String outcome) {
        String metrics = Management.given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith("ew_alerts_signals_total{")
                        && line.contains("outcome=\"" + outcome + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}
