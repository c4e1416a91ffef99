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
}
