package dev.earlywarning.alerts.kafka;

import static dev.earlywarning.platform.test.Auth.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.earlywarning.platform.WebhookReceiver;
import dev.earlywarning.platform.test.Contracts;
import dev.earlywarning.platform.test.TopicReader;
import dev.earlywarning.platform.test.WebhookReceiverExtension;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Both sides of alert-service's contracts: it reads the churn-risk signals the schema's examples
 * show (the consumer's fixtures are those examples, with fresh ids), and what it sends about them,
 * single webhooks and grouped ones, conforms to the alert-message schema.
 */
@QuarkusTest
class SignalContractTest {

    @RegisterExtension
    static final WebhookReceiverExtension receiver = new WebhookReceiverExtension();

    private static void subscribe(String path, int groupWindowSeconds, String segment) {
        given().contentType("application/json").body("""
                {"name":"contract","url":"%s","minSeverity":"INFO","segments":["%s"],"groupWindowSeconds":%d}"""
                .formatted(receiver.url(path), segment, groupWindowSeconds))
                .when().post("/subscriptions").then().statusCode(201);
    }

    @Test
    void theSchemasExampleSignalsAreReadAndWhatIsSentAboutThemConforms() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        // The examples' segments, made this run's own, so the subscriptions see only these alerts.
        subscribe("/single-" + run, 0, "retail-" + run);
        subscribe("/grouped-" + run, 1, "retail-" + run);

        Map<String, String> customers = new HashMap<>();
        List<ObjectNode> examples = Contracts.exampleObjects(Contracts.CHURN_RISK_SIGNAL);
        ObjectNode raisedExample = examples.stream().filter(e -> e.get("kind").asText().equals("RISK_RAISED"))
                .findFirst().orElseThrow();
        String raisedCustomer = raisedExample.get("customerId").asText();
        String endedCustomer = examples.stream().filter(e -> e.get("kind").asText().equals("ENDED"))
                .findFirst().orElseThrow().get("customerId").asText();
        String erasedCustomer = examples.stream().filter(e -> e.get("kind").asText().equals("ERASED"))
                .findFirst().orElseThrow().get("customerId").asText();
        // The customers that leave and are erased need an open alert first: the raise example's, for them.
        ObjectNode leaverRaised = raisedExample.deepCopy();
        leaverRaised.put("customerId", endedCustomer);
        ObjectNode erasedRaised = raisedExample.deepCopy();
        erasedRaised.put("customerId", erasedCustomer);
        List<ObjectNode> signals = new java.util.ArrayList<>(List.of(leaverRaised, erasedRaised));
        signals.addAll(examples);
        for (ObjectNode signal : signals) {
            String customer = customers.computeIfAbsent(signal.get("customerId").asText(), c -> c + "-" + run);
            signal.put("customerId", customer);
            signal.put("signalId", UUID.randomUUID().toString());
            signal.put("segment", "retail-" + run);
            signal.put("occurredAt", Instant.now().toString());
            TopicReader.write("churn-risk-signals", customer, signal.toString());
        }
        String recovering = customers.get(raisedCustomer);
        String leaving = customers.get(endedCustomer);
        String erased = customers.get(erasedCustomer);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            given().queryParam("customerId", recovering).when().get("/alerts").then().statusCode(200)
                    .body("[0].status", equalTo("RESOLVED")).body("[0].resolution", equalTo("recovered"));
            given().queryParam("customerId", leaving).when().get("/alerts").then().statusCode(200)
                    .body("[0].status", equalTo("RESOLVED")).body("[0].resolution", equalTo("churned"));
            given().queryParam("customerId", erased).when().get("/alerts").then().statusCode(200)
                    .body("size()", equalTo(0));
        });

        // Opened and resolved for each customer, single; the grouped subscription gets them as batches.
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received().stream()
                .filter(r -> r.path().equals("/single-" + run)).count() >= 4);
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received().stream()
                .filter(r -> r.path().equals("/grouped-" + run)).anyMatch(r -> r.body().contains("alert.batch")));
        List<WebhookReceiver.Received> sent = receiver.received().stream()
                .filter(r -> r.path().endsWith("-" + run)).toList();
        assertThat(sent).extracting(WebhookReceiver.Received::body).anyMatch(b -> b.contains("\"alert.opened\""))
                .anyMatch(b -> b.contains("\"alert.resolved\"")).anyMatch(b -> b.contains("\"alert.batch\""));
        sent.forEach(r -> Contracts.assertConforms(Contracts.ALERT_MESSAGE, r.body()));
    }
}
