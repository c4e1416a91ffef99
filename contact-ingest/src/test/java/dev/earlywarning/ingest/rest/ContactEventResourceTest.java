package dev.earlywarning.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

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
class ContactEventResourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String contact(String eventId, String customerId) {
        return """
                {"eventId":"%s","customerId":"%s","occurredAt":"%s","type":"contact","channel":"phone",
                 "direction":"inbound","journey":"complaint","caseRef":"T-1","outcome":"unresolved",
                 "sentiment":"negative","effortScore":6,"segment":"retail","sourceSystem":"crm",
                 "someFutureField":"is ignored"}
                """.formatted(eventId, customerId, Instant.now());
    }

    @Test
    void acceptedEventIsInKafkaKeyedByCustomerBeforeTheAnswer() throws Exception {
        String eventId = "evt-" + UUID.randomUUID();
        String customerId = "C-" + UUID.randomUUID();

        given().contentType("application/json").body(contact(eventId, customerId))
                .when().post("/events")
                .then().statusCode(202)
                .body("eventId", equalTo(eventId))
                .body("status", equalTo("ACCEPTED"));

        ConsumerRecord<String, String> record = TopicReader.await("contact-events",
                r -> r.value().contains(eventId), 1, Duration.ofSeconds(20)).get(0);
        assertThat(record.key()).isEqualTo(customerId);
        JsonNode published = JSON.readTree(record.value());
        assertThat(published.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(published.get("channel").asText()).isEqualTo("phone");
        assertThat(published.get("effortScore").asInt()).isEqualTo(6);
        assertThat(published.get("perceived").asBoolean()).isTrue();
        assertThat(published.hasNonNull("receivedAt")).isTrue();
        assertThat(published.has("someFutureField")).isFalse();
    }

    @Test
    void invalidEventGetsProblemDetailsNamingEachField() {
        given().contentType("application/json")
                .body("{\"eventId\":\"e1\",\"occurredAt\":\"2999-01-01T00:00:00Z\",\"type\":\"contact\",\"nps\":12}")
                .when().post("/events")
                .then().statusCode(400)
                .contentType(containsString("application/problem+json"))
                .body("type", containsString("invalid-event"))
                .body("status", equalTo(400))
                .body("errors.field", hasItems("customerId", "occurredAt", "channel", "nps"));
    }

    @Test
    void unknownEnumValueListsTheAllowedOnes() {
        given().contentType("application/json")
                .body("{\"eventId\":\"e1\",\"customerId\":\"C-1\",\"occurredAt\":\"2026-01-01T00:00:00Z\","
                        + "\"type\":\"contact\",\"channel\":\"pigeon\"}")
                .when().post("/events")
                .then().statusCode(400)
                .contentType(containsString("application/problem+json"))
                .body("errors[0].field", equalTo("channel"))
                .body("errors[0].message", containsString("'pigeon' is not one of"))
                .body("errors[0].message", containsString("face_to_face"));
    }

    @Test
    void wrongTypeNamesTheField() {
        given().contentType("application/json")
                .body("{\"eventId\":\"e1\",\"customerId\":\"C-1\",\"occurredAt\":\"yesterday\",\"type\":\"contact\"}")
                .when().post("/events")
                .then().statusCode(400)
                .body("errors[0].field", equalTo("occurredAt"));
    }

    @Test
    void malformedJsonIsAClientError() {
        given().contentType("application/json").body("{\"eventId\": ")
                .when().post("/events")
                .then().statusCode(400)
                .contentType(containsString("application/problem+json"))
                .body("type", containsString("malformed-json"));
    }

    @Test
    void wrongContentTypeIs415() {
        given().contentType("text/plain").body("hello")
                .when().post("/events")
                .then().statusCode(415)
                .contentType(containsString("application/problem+json"));
    }
}
