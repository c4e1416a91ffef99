package dev.earlywarning.ingest.rest;

import static dev.earlywarning.ingest.rest.Events.contact;
import static dev.earlywarning.ingest.rest.Events.customer;
import static dev.earlywarning.ingest.rest.Events.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.earlywarning.platform.test.Auth;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** Each producer's share of the intake: over it, 429 with Retry-After, and nothing of the request is taken. */
@QuarkusTest
@TestProfile(RateLimitTest.Slow.class)
class RateLimitTest {

    /**
     * One event in 100 seconds, a burst of one batch of 20: the bucket cannot refill while the test
     * runs, however slow the machine (at one a second, a batch that took over a second refilled it).
     */
    public static class Slow implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ingest.rate-limit.per-second", "0.01", "ingest.rate-limit.burst", "20",
                    "ingest.max-batch-size", "20");
        }
    }

    @Test
    void aProducerOverItsShareIsAnswered429WithRetryAfterWhileOthersGoOn() {
        List<String> batch = new ArrayList<>();
        String customer = customer();
        for (int i = 0; i < 20; i++) {
            batch.add(contact(id(), customer).replace("\"sourceSystem\":\"crm\",", ""));
        }
        Auth.producer("flood").contentType("application/json").body("[" + String.join(",", batch) + "]")
                .when().post("/events/batch").then().statusCode(200).body("accepted", equalTo(20));

        var refused = Auth.producer("flood").contentType("application/json")
                .body(contact(id(), customer).replace("\"sourceSystem\":\"crm\",", ""))
                .when().post("/events")
                .then().statusCode(429).contentType(containsString("application/problem+json"))
                .body("type", containsString("rate-limited")).extract();
        // The next event's token comes in 100 s, less what has refilled since the batch.
        assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(80, 100);

        Auth.producer("calm").contentType("application/json")
                .body(contact(id(), customer).replace("\"sourceSystem\":\"crm\",", ""))
                .when().post("/events").then().statusCode(202);
    }
}
