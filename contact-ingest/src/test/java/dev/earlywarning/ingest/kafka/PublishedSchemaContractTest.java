package dev.earlywarning.ingest.kafka;


import dev.earlywarning.platform.test.Auth;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.earlywarning.platform.test.Contracts;
import dev.earlywarning.platform.test.TopicReader;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Both sides of contact-ingest's contract: what it publishes validates against the documented schema
 * (docs/schemas), and it takes the schema's own examples on its inbound topic.
 */
@QuarkusTest
class PublishedSchemaContractTest {

    @Test
    void everyPublishedShapeMatchesTheSchema() throws Exception {
        String customer = "C-" + UUID.randomUUID();
        String now = Instant.now().toString();
        String[] bodies = {
            """
            {"eventId":"%s","customerId":"%s","occurredAt":"%s","type":"contact","channel":"face_to_face",
             "direction":"outbound","perceived":false,"journey":"renewal","caseRef":"R-1","outcome":"transferred",
             "waitSeconds":40,"sentiment":"positive","effortScore":2,"segment":"sme","sourceSystem":"branch",
             "attributes":{"agent":"a-7"}}""",
            """
            {"eventId":"%s","customerId":"%s","occurredAt":"%s","type":"promise_made","promiseId":"P-1",
             "promiseDueAt":"2030-01-01T00:00:00Z"}""",
            """
            {"eventId":"%s","customerId":"%s","occurredAt":"%s","type":"survey","nps":6,"csat":2}""",
            """
            {"eventId":"%s","customerId":"%s","occurredAt":"%s","type":"relationship_ended",
             "reason":"switched to a competitor","effectiveAt":"2030-01-01T00:00:00Z"}"""};
        for (String body : bodies) {
            Auth.producer("branch").contentType("application/json").body(body.formatted("evt-" + UUID.randomUUID(), customer, now))
                    .when().post("/events").then().statusCode(202);
        }
        ObjectMapper mapper = new ObjectMapper();
        for (var record : TopicReader.await("contact-events", r -> customer.equals(r.key()), 4, Duration.ofSeconds(20))) {
            Contracts.assertConforms(Contracts.CONTACT_EVENT, record.value());
            if (record.value().contains("relationship_ended")) {
                assertThat(mapper.readTree(record.value()).get("effectiveAt").asText()).isEqualTo("2030-01-01T00:00:00Z");
            }
        }
    }

    @Test
    void theSchemasExamplesOnTheInboundTopicArePublishedAsCanonicalEvents() {
        String customer = "C-" + UUID.randomUUID();
        Instant at = Instant.now().minus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        var examples = Contracts.exampleObjects(Contracts.CONTACT_EVENT);
        for (var example : examples) {
            example.put("customerId", customer);
            example.put("eventId", "evt-" + UUID.randomUUID());
            example.put("occurredAt", at.toString());
            TopicReader.write("contact-events.inbound", customer, example.toString());
        }
        var published = TopicReader.await("contact-events", r -> customer.equals(r.key()), examples.size(),
                Duration.ofSeconds(20));
        assertThat(published).hasSize(examples.size());
        published.forEach(r -> Contracts.assertConforms(Contracts.CONTACT_EVENT, r.value()));
    }
}
