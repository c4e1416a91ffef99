package dev.earlywarning.ingest.kafka;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import dev.earlywarning.platform.test.TopicReader;
import io.quarkus.test.junit.QuarkusTest;

/** What contact-ingest publishes validates against the documented schema (docs/schemas). */
@QuarkusTest
class PublishedSchemaContractTest {

    @Test
    void everyPublishedShapeMatchesTheSchema() throws Exception {
        JsonSchema schema;
        try (InputStream in = Files.newInputStream(Path.of("../docs/schemas/contact-event.v1.json"))) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
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
            given().contentType("application/json").body(body.formatted("evt-" + UUID.randomUUID(), customer, now))
                    .when().post("/events").then().statusCode(202);
        }
        ObjectMapper mapper = new ObjectMapper();
        for (var record : TopicReader.await("contact-events", r -> customer.equals(r.key()), 4, Duration.ofSeconds(20))) {
            Set<ValidationMessage> problems = schema.validate(mapper.readTree(record.value()));
            assertThat(problems).as(record.value()).isEmpty();
            if (record.value().contains("relationship_ended")) {
                assertThat(mapper.readTree(record.value()).get("effectiveAt").asText()).isEqualTo("2030-01-01T00:00:00Z");
            }
        }
    }
}
