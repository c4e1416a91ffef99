package dev.earlywarning.ingest.rest;

import dev.earlywarning.platform.test.Auth;
import static dev.earlywarning.ingest.rest.Events.contact;
import static dev.earlywarning.ingest.rest.Events.customer;
import static dev.earlywarning.ingest.rest.Events.id;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.earlywarning.platform.test.TopicReader;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class BatchTest {

    @Test
    void everyEventGetsItsOwnResultInOrder() {
        String customerId = customer();
        String first = id();
        String earlier = id();
        Auth.producer("crm").contentType("application/json").body(contact(earlier, customerId))
                .when().post("/events").then().statusCode(202);

        String batch = "[" + String.join(",",
                contact(first, customerId),
                "{\"eventId\":\"bad\",\"customerId\":\"" + customerId + "\",\"type\":\"contact\",\"channel\":\"fax\"}",
                contact(earlier, customerId),
                contact(first, customerId),
                "42") + "]";

        Auth.producer("crm").contentType("application/json").body(batch)
                .when().post("/events/batch")
                .then().statusCode(200)
                .body("accepted", equalTo(1))
                .body("duplicates", equalTo(2))
                .body("rejected", equalTo(2))
                .body("unavailable", equalTo(0))
                .body("results.index", org.hamcrest.Matchers.contains(0, 1, 2, 3, 4))
                .body("results.status", org.hamcrest.Matchers.contains("ACCEPTED", "REJECTED", "DUPLICATE",
                        "DUPLICATE", "REJECTED"))
                .body("results[1].errors[0].field", equalTo("channel"))
                .body("results[4].errors[0].message", containsString("must be a JSON object"));

        TopicReader.await("contact-events", r -> r.value().contains(first), 1, Duration.ofSeconds(20));
        assertThat(TopicReader.readAll("contact-events", r -> r.value().contains(first), Duration.ofSeconds(2)))
                .hasSize(1);
    }

    @Test
    void cloudEventsBatchedMode() {
        String customerId = customer();
        String batch = IntStream.range(0, 3).mapToObj(i -> """
                {"specversion":"1.0","id":"%s","source":"crm","type":"dev.earlywarning.contact.v1","subject":"%s",
                 "time":"%s","data":{"type":"contact","channel":"email","sentiment":"neutral"}}"""
                .formatted(id(), customerId, Instant.now())).collect(Collectors.joining(",", "[", "]"));
        Auth.producer("crm").contentType("application/cloudevents-batch+json").body(batch)
                .when().post("/events/batch")
                .then().statusCode(200)
                .body("accepted", equalTo(3));
        TopicReader.await("contact-events", r -> customerId.equals(r.key()), 3, Duration.ofSeconds(20));
    }

    @Test
    void aBatchAboveTheLimitIs413AndNothingIsWritten() {
        String customerId = customer();
        // Valid events: had the limit been checked after publishing, they would be on the topic.
        String batch = IntStream.range(0, 1001).mapToObj(i -> contact(id(), customerId))
                .collect(Collectors.joining(",", "[", "]"));
        Auth.producer("crm").contentType("application/json").body(batch)
                .when().post("/events/batch")
                .then().statusCode(413)
                .contentType(containsString("application/problem+json"))
                .body("detail", containsString("at most 1000"));
        assertThat(TopicReader.readAll("contact-events", r -> customerId.equals(r.key()), Duration.ofSeconds(3)))
                .isEmpty();
    }

    @Test
    void contentAfterTheBatchsArrayIsRejectedAndNothingIsWritten() {
        // Before: the array was read and its events accepted, whatever followed it.
        String customerId = customer();
        Auth.producer("crm").contentType("application/json").body("[" + contact(id(), customerId) + "] [" + contact(id(), customerId)
                        + "]")
                .when().post("/events/batch")
                .then().statusCode(400)
                .contentType(containsString("application/problem+json"));
        assertThat(TopicReader.readAll("contact-events", r -> customerId.equals(r.key()), Duration.ofSeconds(2)))
                .isEmpty();
    }

    @Test
    void anEventsResultNamesAllItsBadFieldsTypeErrorsIncluded() {
        String customerId = customer();
        String bad = "{\"eventId\":\"" + id() + "\",\"customerId\":\"" + customerId + "\",\"type\":\"contact\","
                + "\"channel\":\"fax\",\"effortScore\":6.5,\"nps\":\"9\",\"occurredAt\":\"1600-01-01T00:00:00Z\"}";
        Auth.producer("crm").contentType("application/json").body("[" + bad + "," + contact(id(), customerId) + "]")
                .when().post("/events/batch")
                .then().statusCode(200)
                .body("results.status", org.hamcrest.Matchers.contains("REJECTED", "ACCEPTED"))
                .body("results[0].errors.field", org.hamcrest.Matchers.containsInAnyOrder("channel", "effortScore",
                        "nps", "occurredAt"));
    }

    @Test
    void aBatchMustBeAnArray() {
        Auth.producer("crm").contentType("application/json").body("{\"eventId\":\"e\"}")
                .when().post("/events/batch")
                .then().statusCode(400)
                .body("errors.field", hasItem("$"));
    }

    @Test
    void anInvalidEventIsSkippedWholeAndTheNextOneRead() {
        String customerId = customer();
        String after = id();
        // The bad field comes first, then nested values the reader must step over to find the next event.
        String bad = "{\"effortScore\":\"lots\",\"extra\":{\"a\":[1,{\"b\":[2,3]}],\"c\":{}},\"eventId\":\"" + id()
                + "\",\"customerId\":\"" + customerId + "\"}";
        Auth.producer("crm").contentType("application/json").body("[" + bad + ",null,[1,2]," + contact(after, customerId) + "]")
                .when().post("/events/batch")
                .then().statusCode(200)
                .body("accepted", equalTo(1))
                .body("rejected", equalTo(3))
                .body("results.status", org.hamcrest.Matchers.contains("REJECTED", "REJECTED", "REJECTED", "ACCEPTED"))
                .body("results[0].errors[0].field", equalTo("effortScore"))
                .body("results[1].errors[0].message", equalTo("is required"))
                .body("results[2].errors[0].message", containsString("was array"))
                .body("results[3].eventId", equalTo(after));
        TopicReader.await("contact-events", r -> r.value().contains(after), 1, Duration.ofSeconds(20));
    }

    @Test
    void aBatchThatIsNotValidJsonIs400AndNothingIsWritten() {
        String customerId = customer();
        String valid = contact(id(), customerId);
        for (String body : List.of("[" + valid + ",{\"eventId\": ]", "[" + valid, "[" + valid + ",]")) {
            Auth.producer("crm").contentType("application/json").body(body)
                    .when().post("/events/batch")
                    .then().statusCode(400)
                    .contentType(containsString("application/problem+json"))
                    .body("title", equalTo("The request body is not valid JSON"));
        }
        assertThat(TopicReader.readAll("contact-events", r -> customerId.equals(r.key()), Duration.ofSeconds(2)))
                .isEmpty();
    }
}
