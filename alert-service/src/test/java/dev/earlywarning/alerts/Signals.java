package dev.earlywarning.alerts;

import static dev.earlywarning.platform.test.Auth.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import dev.earlywarning.platform.test.TopicReader;

/** Churn-risk signals on the real topic, for tests that need an alert to exist. */
public final class Signals {

    private Signals() {
    }

    /** Raises a WARNING alert for {@code customer} in {@code segment}; returns its id once it is stored. */
    public static String openAlert(String customer, String segment) {
        TopicReader.write("churn-risk-signals", customer, """
                {"schemaVersion":1,"signalId":"%s","kind":"RISK_RAISED","trigger":"BAND_DROP","customerId":"%s",
                 "segment":"%s","cause":"effort","severity":"WARNING","scoreBefore":80,"scoreAfter":50,
                 "bandBefore":"HEALTHY","bandAfter":"AT_RISK","recommendedAction":"Take the effort away",
                 "triggeringEventId":"e1","occurredAt":"%s","drivers":[]}
                """.formatted(UUID.randomUUID(), customer, segment, Instant.now()));
        return await().atMost(Duration.ofSeconds(20)).until(() -> given().queryParam("customerId", customer)
                .when().get("/alerts").then().extract().<String>path("[0].id"), id -> id != null);
    }
}
