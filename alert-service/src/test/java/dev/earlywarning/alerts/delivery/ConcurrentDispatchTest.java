package dev.earlywarning.alerts.delivery;

import static dev.earlywarning.platform.test.Auth.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.earlywarning.alerts.delivery.WebhookDispatcher;
import dev.earlywarning.platform.WebhookReceiver;
import dev.earlywarning.platform.test.TopicReader;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Dispatchers racing on the same database (the scheduled one and three more loops, as several
 * instances would): every delivery is sent exactly once.
 */
@QuarkusTest
class ConcurrentDispatchTest {

    @Inject
    WebhookDispatcher dispatcher;

    @Test
    void everyDeliveryIsSentExactlyOnce() throws Exception {
        int alerts = 40;
        String segment = "race-" + UUID.randomUUID();
        try (WebhookReceiver receiver = WebhookReceiver.start(0)) {
            given().contentType("application/json")
                    .body("{\"name\":\"race\",\"url\":\"" + receiver.url("/race") + "\",\"minSeverity\":\"INFO\","
                            + "\"segments\":[\"" + segment + "\"]}")
                    .when().post("/subscriptions").then().statusCode(201);
            AtomicBoolean running = new AtomicBoolean(true);
            ExecutorService racers = Executors.newFixedThreadPool(3);
            for (int i = 0; i < 3; i++) {
                racers.submit(() -> {
                    while (running.get()) {
                        dispatcher.dispatchDue().await().atMost(Duration.ofSeconds(30));
                    }
                    return null;
                });
            }
            for (int i = 0; i < alerts; i++) {
                String customer = segment + "-" + i;
                TopicReader.write("churn-risk-signals", customer, """
                        {"schemaVersion":1,"signalId":"%s","kind":"RISK_RAISED","customerId":"%s","segment":"%s",
                         "cause":"effort","severity":"WARNING","scoreAfter":50,"bandAfter":"AT_RISK","drivers":[],
                         "recommendedAction":"x","occurredAt":"2026-06-01T10:00:00Z"}
                        """.formatted(UUID.randomUUID(), customer, segment));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> receiver.received().size() >= alerts);
            Thread.sleep(1500); // a duplicate would arrive within the dispatchers' next rounds
            running.set(false);
            racers.shutdown();
            assertThat(racers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

            List<WebhookReceiver.Received> received = receiver.received();
            Map<String, Long> perId = received.stream()
                    .collect(Collectors.groupingBy(WebhookReceiver.Received::webhookId, Collectors.counting()));
            assertThat(perId).hasSize(alerts);
            assertThat(perId.values()).containsOnly(1L);
        }
    }
}
