package dev.earlywarning.scorer.service;

import static dev.earlywarning.platform.test.Auth.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import dev.earlywarning.platform.test.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The wall-clock timer path on the real broker and database: a promise falls due by the clock, with
 * no event, and its effect is published even when publishing fails at first.
 */
@QuarkusTest
@TestProfile(WallClockTimerTest.FastTimers.class)
class WallClockTimerTest {

    public static class FastTimers implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("scorer.clock", "wall-clock", "scorer.timer-interval", "1s");
        }

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(FlakyPublisher.class);
        }
    }

    @Inject
    FlakyPublisher publisher;

    @Test
    void aPromiseFallsDueByTheClockAndItsUpdateSurvivesAFailedPublish() {
        String customer = "W-" + UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant due = now.plusSeconds(4);
        TopicReader.write("contact-events", customer, """
                {"schemaVersion":1,"eventId":"promise-%s","customerId":"%s","occurredAt":"%s","segment":"retail",
                 "type":"promise_made","promiseId":"CB-1","promiseDueAt":"%s"}""".formatted(customer, customer,
                now.minusSeconds(1), due));
        TopicReader.await("relationship-health", r -> customer.equals(r.key()), 1, Duration.ofSeconds(30));

        // Kafka "fails" for the sweep that fires the promise's timer. Before: the sweep had moved the
        // customer's state before publishing, so the overdue promise's update and signal were lost.
        publisher.failNext(2);
        ConsumerRecord<String, String> overdue = TopicReader.await("relationship-health",
                r -> customer.equals(r.key()) && r.value().contains("\"triggeringEventId\":\"timer@"), 1,
                Duration.ofSeconds(40)).get(0);

        assertThat(publisher.failed()).isEqualTo(2);
        assertThat(overdue.value()).contains("promises");
        given().when().get("/customers/{id}/history", customer).then().statusCode(200)
                .body("[0].cause", equalTo("timer@" + due));
    }

    @Test
    void aRenewalMonthOpensByTheClockAndMovesTheRiskWithoutAHistoryRowOfItsOwn() {
        String customer = "R-" + UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        // The month before the renewal opens 3 seconds from now: a timer, no event.
        Instant renewsAt = now.plus(Duration.ofDays(30)).plusSeconds(3);
        TopicReader.write("contact-events", customer, """
                {"schemaVersion":1,"eventId":"call-%s","customerId":"%s","occurredAt":"%s","segment":"retail",
                 "type":"contact","channel":"phone","direction":"inbound","sentiment":"neutral","outcome":"resolved"}"""
                .formatted(customer, customer, now.minusSeconds(2)));
        TopicReader.write("contact-events", customer, """
                {"schemaVersion":1,"eventId":"term-%s","customerId":"%s","occurredAt":"%s","segment":"retail",
                 "type":"renewal_due","effectiveAt":"%s"}""".formatted(customer, customer, now.minusSeconds(1), renewsAt));

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().when().get("/customers/{id}/health", customer).then().statusCode(200)
                        .body("risk.factors.name", org.hamcrest.Matchers.hasItem("renewal-ahead")));
        // Score and band stayed, nothing was signalled: the history keeps the two events only.
        given().when().get("/customers/{id}/history", customer).then().statusCode(200)
                .body("cause", org.hamcrest.Matchers.contains("term-" + customer, "call-" + customer));
    }
}
