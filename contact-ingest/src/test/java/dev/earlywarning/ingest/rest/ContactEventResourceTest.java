package dev.earlywarning.ingest.rest;

import dev.earlywarning.platform.test.Auth;
import static dev.earlywarning.ingest.rest.Events.contact;
import static dev.earlywarning.ingest.rest.Events.customer;
import static dev.earlywarning.ingest.rest.Events.id;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

import java.time.Duration;
import java.time.Instant;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.earlywarning.platform.test.TopicReader;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ContactEventResourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void acceptedEventIsInKafkaKeyedByCustomerBeforeTheAnswer() throws Exception {
        String eventId = id();
        String customerId = customer();

        Auth.producer("crm").contentType("application/json").body(contact(eventId, customerId))
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
    void withTracingOffRecordsCarryNoTraceContextWhetherOrNotTheProducerSendsOne() {
        // Quarkus' "disabled" SDK still starts sampled spans it never exports: their contexts must not
        // travel in records (a trace id that exists nowhere).
        String traced = id();
        Auth.producer("crm").contentType("application/json").body(contact(traced, customer()))
                .header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                .when().post("/events").then().statusCode(202);
        String plain = id();
        Auth.producer("crm").contentType("application/json").body(contact(plain, customer()))
                .when().post("/events").then().statusCode(202);

        for (String eventId : java.util.List.of(traced, plain)) {
            ConsumerRecord<String, String> record = TopicReader.await("contact-events",
                    r -> r.value().contains(eventId), 1, Duration.ofSeconds(20)).get(0);
            assertThat(record.headers().lastHeader("traceparent")).as("tracing is off by default").isNull();
            assertThat(record.headers().lastHeader("ew-event-id")).isNotNull();
        }
    }

    @Test
    void aResentEventIdIsADuplicateAndIsNotPublishedTwice() {
        String eventId = id();
        String customerId = customer();
        Auth.producer("crm").contentType("application/json").body(contact(eventId, customerId))
                .when().post("/events").then().statusCode(202);

        Auth.producer("crm").contentType("application/json").body(contact(eventId, customerId))
                .when().post("/events")
                .then().statusCode(200)
                .body("status", equalTo("DUPLICATE"));

        TopicReader.await("contact-events", r -> r.value().contains(eventId), 1, Duration.ofSeconds(20));
        assertThat(TopicReader.readAll("contact-events", r -> r.value().contains(eventId), Duration.ofSeconds(3)))
                .hasSize(1);
    }

    @Test
    void anIdAlreadyOnTheTopicIsADuplicateSoTheWindowSurvivesARestart() throws InterruptedException {
        // Written by another instance, or by this service before a restart: the index is fed from the topic.
        String eventId = id();
        String customerId = customer();
        TopicReader.write("contact-events", customerId, contact(eventId, customerId),
                java.util.Map.of("ew-event-id", eventId, "ew-source-system", "crm"));

        Thread.sleep(2000); // the index follows the topic with a poll of 500 ms

        Auth.producer("crm").contentType("application/json").body(contact(eventId, customerId))
                .when().post("/events")
                .then().statusCode(200)
                .body("status", equalTo("DUPLICATE"));
        assertThat(TopicReader.readAll("contact-events", r -> r.value().contains(eventId), Duration.ofSeconds(5)))
                .hasSize(1);
    }

    @Test
    void aProducerPostsOnlyAsItselfAndCannotPreClaimAnotherProducersEventIds() {
        // Before: any caller could name any source, and an id taken by one source was a duplicate for all.
        String eventId = id();
        String customerId = customer();
        Auth.producer("billing").contentType("application/json").body(contact(eventId, customerId))
                .when().post("/events")
                .then().statusCode(400).contentType(containsString("application/problem+json"))
                .body("errors.field", hasItem("sourceSystem"));
        Auth.producer("billing").contentType("application/json")
                .body(contact(eventId, customerId).replace("\"sourceSystem\":\"crm\",", ""))
                .when().post("/events")
                .then().statusCode(202).body("status", equalTo("ACCEPTED"));
        Auth.producer("crm").contentType("application/json").body(contact(eventId, customerId))
                .when().post("/events")
                .then().statusCode(202).body("status", equalTo("ACCEPTED"));
        Auth.producer("crm").contentType("application/json").body(contact(eventId, customerId))
                .when().post("/events")
                .then().statusCode(200).body("status", equalTo("DUPLICATE"));
        var published = TopicReader.await("contact-events", r -> r.value().contains(eventId), 2, Duration.ofSeconds(20));
        assertThat(published).extracting(r -> r.value().contains("\"sourceSystem\":\"billing\"")).containsOnlyOnce(true);
        Auth.as(Auth.tokens().token("no-source", java.util.List.of("event-writer"), java.util.Map.of(),
                        Duration.ofMinutes(5))).contentType("application/json").body(contact(id(), customerId))
                .when().post("/events")
                .then().statusCode(403).contentType(containsString("application/problem+json"));
    }

    @Test
    void invalidEventGetsProblemDetailsNamingEachField() {
        Auth.producer("crm").contentType("application/json")
                .body("{\"eventId\":\"e1\",\"occurredAt\":\"2999-01-01T00:00:00Z\",\"type\":\"contact\",\"nps\":12}")
                .when().post("/events")
                .then().statusCode(400)
                .contentType(containsString("application/problem+json"))
                .body("type", containsString("invalid-event"))
                .body("status", equalTo(400))
                .body("errors.field", hasItems("customerId", "occurredAt", "channel", "nps"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            unknown channel     | "channel":"pigeon"          | channel      | 'pigeon' is not one of [phone, email
            unknown type        | "type":"visit"              | type         | 'visit' is not one of
            unparseable time    | "occurredAt":"yesterday"    | occurredAt   | ISO-8601
            wrong type          | "effortScore":"very high"   | effortScore  | an integer
            effort out of range | "effortScore":9             | effortScore  | between 1 and 7
            nps out of range    | "nps":-1                    | nps          | between 0 and 10
            csat out of range   | "csat":6                    | csat         | between 1 and 5
            missing customer    | "customerId":null           | customerId   | is required
            blank event id      | "eventId":" "               | eventId      | is required
            future time         | "occurredAt":"2999-01-01T00:00:00Z" | occurredAt | in the future
            """)
    void eachBadFieldIsNamed(String name, String override, String field, String message) {
        String body = "{\"eventId\":\"e1\",\"customerId\":\"C-1\",\"occurredAt\":\"2026-01-01T00:00:00Z\","
                + "\"type\":\"contact\",\"channel\":\"chat\"," + override + "}";
        Auth.producer("crm").contentType("application/json").body(body)
                .when().post("/events")
                .then().statusCode(400)
                .contentType(containsString("application/problem+json"))
                .body("errors.find { it.field == '" + field + "' }.message", containsString(message));
    }

    @Test
    void malformedJsonIsAClientError() {
        Auth.producer("crm").contentType("application/json").body("{\"eventId\": ")
                .when().post("/events")
                .then().statusCode(400)
                .contentType(containsString("application/problem+json"))
                .body("type", containsString("malformed-json"));
    }

    @Test
    void anArrayIsNotAnEvent() {
        Auth.producer("crm").contentType("application/json").body("[1]")
                .when().post("/events")
                .then().statusCode(400)
                .body("errors[0].field", equalTo("$"));
    }

    @Test
    void wrongContentTypeIs415() {
        Auth.producer("crm").contentType("text/plain").body("hello")
                .when().post("/events")
                .then().statusCode(415)
                .contentType(containsString("application/problem+json"));
    }

    @Test
    void anOversizedBodyIs413() {
        String big = "{\"eventId\":\"e1\",\"attributes\":{\"x\":\"" + "y".repeat(70_000) + "\"}}";
        Auth.producer("crm").contentType("application/json").body(big)
                .when().post("/events")
                .then().statusCode(413)
                .contentType(containsString("application/problem+json"))
                .body("type", containsString("payload-too-large"));
    }

    @Test
    void cloudEventsStructuredAndBinaryModes() {
        String customerId = customer();
        String structured = """
                {"specversion":"1.0","id":"%s","source":"survey-tool","type":"dev.earlywarning.contact.v1",
                 "subject":"%s","time":"%s","datacontenttype":"application/json",
                 "data":{"type":"survey","nps":3,"segment":"retail"}}""".formatted(id(), customerId, Instant.now());
        Auth.producer("survey-tool").contentType("application/cloudevents+json").body(structured)
                .when().post("/events")
                .then().statusCode(202)
                .body("customerId", equalTo(customerId));

        String binaryId = id();
        Auth.producer("crm").contentType("application/json")
                .header("ce-specversion", "1.0").header("ce-id", binaryId).header("ce-source", "crm")
                .header("ce-type", "dev.earlywarning.contact.v1").header("ce-subject", customerId)
                .header("ce-time", Instant.now().toString())
                .body("{\"type\":\"contact\",\"channel\":\"chat\",\"sentiment\":\"positive\"}")
                .when().post("/events")
                .then().statusCode(202)
                .body("eventId", equalTo(binaryId));

        TopicReader.await("contact-events", r -> customerId.equals(r.key()) && r.value().contains("survey-tool"), 1,
                Duration.ofSeconds(20));
    }

    @Test
    void anInvalidCloudEventNamesEnvelopeAndDataFields() {
        Auth.producer("crm").contentType("application/cloudevents+json")
                .body("{\"specversion\":\"1.0\",\"id\":\"x\",\"source\":\"crm\",\"type\":\"t\",\"subject\":\"C-1\","
                        + "\"time\":\"2026-01-01T00:00:00Z\",\"data\":{\"type\":\"contact\",\"channel\":\"fax\"}}")
                .when().post("/events")
                .then().statusCode(400)
                .body("errors[0].field", equalTo("data.channel"));
        Auth.producer("crm").contentType("application/cloudevents+json").body("{\"specversion\":\"2.0\"}")
                .when().post("/events")
                .then().statusCode(400)
                .body("errors.field", hasItems("specversion", "id", "source", "type", "data"));
    }

    @Test
    void theReadmesBadInputExampleNamesEveryBadFieldTypeErrorsIncluded() {
        // Before: only the unknown channel was named, not the missing customer nor the year 2999.
        Auth.producer("crm").contentType("application/json")
                .body("{\"eventId\":\"e1\",\"occurredAt\":\"2999-01-01T00:00:00Z\",\"type\":\"contact\","
                        + "\"channel\":\"pigeon\"}")
                .when().post("/events")
                .then().statusCode(400)
                .contentType(containsString("application/problem+json"))
                .body("errors.field", containsInAnyOrder("channel", "customerId", "occurredAt"));
    }

    @Test
    void severalWrongTypesAreNamedInOneAnswer() {
        Auth.producer("crm").contentType("application/json")
                .body("{\"eventId\":7,\"customerId\":\"C-1\",\"occurredAt\":\"" + Instant.now() + "\","
                        + "\"type\":\"contact\",\"channel\":\"chat\",\"effortScore\":\"6\",\"nps\":6.5,"
                        + "\"perceived\":\"yes\"}")
                .when().post("/events")
                .then().statusCode(400)
                .body("errors.field", containsInAnyOrder("eventId", "effortScore", "nps", "perceived"))
                .body("errors.find { it.field == 'nps' }.message", containsString("an integer"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            fractional effort   | "effortScore":6.5      | effortScore | an integer
            whole float effort  | "effortScore":6.0      | effortScore | an integer
            effort as a string  | "effortScore":"6"      | effortScore | an integer
            customer as number  | "customerId":42        | customerId  | a string
            NUL in customer id  | "customerId":"C-\\u0000" | customerId | control characters
            segment too long    | "segment":"ssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssss" | segment | longer than 64
            centuries old       | "occurredAt":"1600-01-01T00:00:00Z" | occurredAt | oldest event time
            wait of a century   | "waitSeconds":3153600000 | waitSeconds | out of range
            wait of two years   | "waitSeconds":63072000 | waitSeconds | between 0 and 31536000
            """)
    void valuesTheSchemaDoesNotAllowAreRejectedNotConverted(String name, String override, String field,
                                                           String message) {
        // 6.5 was truncated to 6 and accepted; NUL and long segments were accepted and stopped the scorer.
        String body = "{\"eventId\":\"" + id() + "\",\"customerId\":\"C-1\",\"occurredAt\":\"" + Instant.now()
                + "\",\"type\":\"contact\",\"channel\":\"chat\"," + override + "}";
        Auth.producer("crm").contentType("application/json").body(body)
                .when().post("/events")
                .then().statusCode(400)
                .body("errors.find { it.field == '" + field + "' }.message", containsString(message));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            a second object  | ` {"eventId":"x"}`
            garbage          | `garbage`
            a closing brace  | `}`
            """)
    void contentAfterTheEventIsRejected(String name, String trailing) {
        // Before: the first object was accepted and the rest silently ignored.
        String eventId = id();
        Auth.producer("crm").contentType("application/json").body(contact(eventId, customer()) + trailing)
                .when().post("/events")
                .then().statusCode(400)
                .contentType(containsString("application/problem+json"));
        assertThat(TopicReader.readAll("contact-events", r -> r.value().contains(eventId), Duration.ofSeconds(2)))
                .isEmpty();
    }

    @Test
    void aChunkedBodyOverTheLimitIs413Too() throws Exception {
        // Before: only Content-Length was checked, so a chunked 100 KiB event was read and accepted.
        String eventId = id();
        String big = contact(eventId, customer()).replace("\"someFutureField\":\"is ignored\"",
                "\"padding\":\"" + "y".repeat(100_000) + "\"");
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port
                                + "/events"))
                .header("content-type", "application/json")
                .header("authorization", "Bearer " + Auth.tokens().producer("crm"))
                // A stream of unknown length: sent chunked, without Content-Length.
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() ->
                        new java.io.ByteArrayInputStream(big.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                .build();
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient()
                .send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                type -> assertThat(type).contains("application/problem+json"));
        assertThat(TopicReader.readAll("contact-events", r -> r.value().contains(eventId), Duration.ofSeconds(2)))
                .isEmpty();
    }
}
