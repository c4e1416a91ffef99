package dev.earlywarning.scorer.kafka;

import static dev.earlywarning.platform.test.Auth.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.earlywarning.platform.test.Contracts;
import dev.earlywarning.platform.test.TopicReader;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Both sides of health-scorer's contracts: it scores the contact events the schema's examples show
 * (fresh ids and recent times, nothing else changed), and every health update and churn-risk signal
 * it publishes about them conforms to its schema.
 */
@QuarkusTest
class ContactEventContractTest {

    @Test
    void theSchemasExampleEventsAreScoredAndWhatIsPublishedConforms() {
        String customer = "C-contract-" + UUID.randomUUID();
        List<ObjectNode> examples = Contracts.exampleObjects(Contracts.CONTACT_EVENT);
        ObjectNode call = examples.stream().filter(e -> e.get("type").asText().equals("contact")).findFirst()
                .orElseThrow();
        ObjectNode ended = examples.stream().filter(e -> e.get("type").asText().equals("relationship_ended"))
                .findFirst().orElseThrow();
        // The call example three times (a third contact on its case: a red flag), then the customer leaves.
        List<ObjectNode> events = new ArrayList<>(List.of(call.deepCopy(), call.deepCopy(), call.deepCopy(), ended));
        Instant t0 = Instant.now().minus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < events.size(); i++) {
            ObjectNode event = events.get(i);
            event.put("customerId", customer);
            event.put("eventId", "contract-" + i + "-" + customer);
            event.put("occurredAt", t0.plusSeconds(60L * i).toString());
            if (event.has("effectiveAt")) {
                event.put("effectiveAt", t0.plusSeconds(60L * i).toString());
            }
            TopicReader.write("contact-events", customer, event.toString());
        }

        List<ConsumerRecord<String, String>> signals = TopicReader.await("churn-risk-signals",
                r -> customer.equals(r.key()), 2, Duration.ofSeconds(30));
        assertThat(signals).extracting(ConsumerRecord::value).anyMatch(v -> v.contains("\"RISK_RAISED\""))
                .anyMatch(v -> v.contains("\"ENDED\""));
        signals.forEach(r -> Contracts.assertConforms(Contracts.CHURN_RISK_SIGNAL, r.value()));

        // One update per customer per polled batch: how many depends on how the polls split the
        // four records (one to four), so the contract is checked on every one that came.
        List<ConsumerRecord<String, String>> updates = TopicReader.await("relationship-health",
                r -> customer.equals(r.key()), 1, Duration.ofSeconds(30));
        updates.forEach(r -> Contracts.assertConforms(Contracts.HEALTH_UPDATE, r.value()));

        given().when().get("/customers/{id}/health", customer).then().statusCode(200);
    }
}
