package dev.earlywarning.alerts.rest;

import dev.earlywarning.platform.test.Auth;
import static dev.earlywarning.platform.test.Auth.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.earlywarning.platform.WebhookReceiver;
import dev.earlywarning.platform.test.TopicReader;
import dev.earlywarning.platform.test.WebhookReceiverExtension;
import io.quarkus.test.junit.QuarkusTest;

/** Snooze, outcomes, the transition history, and delivery edge cases (410, Retry-After). */
@QuarkusTest
class AlertLifecycleTest {

    @RegisterExtension
    static final WebhookReceiverExtension receiver = new WebhookReceiverExtension();

    private static String signal(String customer, String kind, String severity, int scoreAfter) {
        return """
                {"schemaVersion":1,"signalId":"%s","kind":"%s","trigger":"BAND_DROP","customerId":"%s",
                 "segment":"lifecycle-test","cause":"effort","severity":"%s","scoreBefore":80,"scoreAfter":%d,
                 "bandBefore":"HEALTHY","bandAfter":"AT_RISK","recommendedAction":"Take the effort away",
                 "triggeringEventId":"e1","occurredAt":"2026-06-01T10:00:00Z","drivers":[]}
                """.formatted(UUID.randomUUID(), kind, customer, severity, scoreAfter);
    }

    private static String openAlert(String customer) {
        TopicReader.write("churn-risk-signals", customer, signal(customer, "RISK_RAISED", "WARNING", 50));
        return await().atMost(Duration.ofSeconds(20)).until(() -> given().queryParam("customerId", customer)
                .when().get("/alerts").then().extract().<String>path("[0].id"), id -> id != null);
    }

    private static String subscribe(String path) {
        return given().contentType("application/json")
                .body("{\"name\":\"" + path + "\",\"url\":\"" + receiver.url(path) + "\",\"minSeverity\":\"WARNING\","
                        + "\"segments\":[\"lifecycle-test\"]}")
                .when().post("/subscriptions").then().statusCode(201).extract().path("id");
    }

    @Test
    void snoozeOutcomeAndHistory() {
        String customer = "C-" + UUID.randomUUID();
        String id = openAlert(customer);

        given().contentType("application/json").body("{\"note\":\"calling now\"}")
                .when().post("/alerts/{id}/acknowledge", id).then().statusCode(200);
        given().contentType("application/json")
                .body("{\"until\":\"" + Instant.now().plusSeconds(3600) + "\",\"reason\":\"waiting for billing\"}")
                .when().post("/alerts/{id}/snooze", id)
                .then().statusCode(200)
                .body("snoozeReason", equalTo("waiting for billing"));
        given().contentType("application/json").body("{\"until\":\"2000-01-01T00:00:00Z\"}")
                .when().post("/alerts/{id}/snooze", id)
                .then().statusCode(400).contentType(containsString("application/problem+json"));
        given().contentType("application/json").body("{\"actionTaken\":\"called back, refunded\",\"useful\":true}")
                .when().post("/alerts/{id}/outcome", id)
                .then().statusCode(200).body("useful", equalTo(true));
        given().contentType("application/json").body("{\"actionTaken\":\"x\"}")
                .when().post("/alerts/{id}/outcome", id)
                .then().statusCode(400).body("errors[0].field", equalTo("useful"));

        given().when().get("/alerts/{id}/transitions", id)
                .then().statusCode(200)
                .body("action", org.hamcrest.Matchers.contains("open", "acknowledge", "snooze", "outcome"))
                .body("[0].actor", equalTo("system"))
                .body("[1].actor", equalTo(Auth.STAFF))
                .body("[2].actor", equalTo(Auth.STAFF))
                .body("[3].actor", equalTo(Auth.STAFF))
                .body("[1].note", equalTo("calling now"))
                .body("[1].to", equalTo("ACKNOWLEDGED"));
        given().queryParam("useful", true).when().get("/alerts/outcomes")
                .then().statusCode(200).body("alertId", hasItem(id));
        given().when().post("/alerts/{id}/acknowledge", UUID.randomUUID()).then().statusCode(404)
                .contentType(containsString("application/problem+json"));
    }

    @Test
    void pauseHoldsDeliveriesAndRotationSignsWithBothSecrets() {
        String created = given().contentType("application/json")
                .body("{\"name\":\"rotating\",\"url\":\"" + receiver.url("/rotating") + "\",\"minSeverity\":\"WARNING\","
                        + "\"segments\":[\"lifecycle-test\"]}")
                .when().post("/subscriptions").then().statusCode(201).extract().asString();
        String subscription = io.restassured.path.json.JsonPath.from(created).getString("id");
        String oldSecret = io.restassured.path.json.JsonPath.from(created).getString("secret");
        given().when().post("/subscriptions/{id}/pause", subscription).then().statusCode(200).body("paused", equalTo(true));

        String customer = "C-" + UUID.randomUUID();
        openAlert(customer);
        assertThat(receiver.await(r -> r.path().equals("/rotating") && r.body().contains(customer),
                Duration.ofSeconds(3))).as("held while paused").isEmpty();

        String newSecret = given().when().post("/subscriptions/{id}/rotate-secret", subscription)
                .then().statusCode(200).body("previousSecretUntil", org.hamcrest.Matchers.notNullValue())
                .extract().path("secret");
        assertThat(newSecret).isNotEqualTo(oldSecret);
        given().when().post("/subscriptions/{id}/resume", subscription).then().statusCode(200).body("paused", equalTo(false));

        WebhookReceiver.Received held = receiver.await(r -> r.path().equals("/rotating") && r.body().contains(customer),
                Duration.ofSeconds(20)).orElseThrow();
        assertThat(held.signedWith(newSecret)).isTrue();
        assertThat(held.signedWith(oldSecret)).as("the previous secret still signs during the overlap").isTrue();
    }

    @Test
    void anExhaustedDeliveryIsKeptAsFailedAndCanBeReplayed() {
        String subscription = subscribe("/down");
        receiver.answerNext("/down", 500, 500, 500);
        String customer = "C-" + UUID.randomUUID();
        String alert = openAlert(customer);

        // This subscription's delivery: other test classes' subscriptions (their receivers gone) may match too.
        String delivery = await().atMost(Duration.ofSeconds(30)).until(() -> given().when()
                        .get("/alerts/{id}/deliveries", alert).then().extract()
                        .<String>path("find { it.status == 'FAILED' && it.subscriptionId == '" + subscription + "' }.id"),
                id -> id != null);
        given().when().get("/alerts/{id}/deliveries", alert).then()
                .body("find { it.id == '" + delivery + "' }.attempts", equalTo(3))
                .body("find { it.id == '" + delivery + "' }.lastStatus", equalTo(500));

        given().when().post("/deliveries/{id}/replay", delivery).then().statusCode(200).body("status", equalTo("PENDING"));
        receiver.await(r -> r.path().equals("/down") && r.body().contains(customer), Duration.ofSeconds(20)).orElseThrow();
        given().when().post("/deliveries/{id}/replay", delivery).then().statusCode(409);
    }

    @Test
    void aFlappingAlertIsKeptButNotNotifiedEachTime() {
        subscribe("/flap");
        String customer = "C-" + UUID.randomUUID();
        for (int episode = 0; episode < 3; episode++) {
            String id = openAlert(customer);
            if (episode < 2) {
                TopicReader.write("churn-risk-signals", customer, signal(customer, "RECOVERED", "INFO", 80));
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().when().get("/alerts/{id}", id)
                        .then().body("status", equalTo("RESOLVED")));
            } else {
                given().when().get("/alerts/{id}", id).then().body("flapping", equalTo(true));
            }
        }
        given().queryParam("customerId", customer).queryParam("status", "OPEN").queryParam("cause", "effort")
                .queryParam("severity", "WARNING").queryParam("segment", "lifecycle-test")
                .when().get("/alerts").then().statusCode(200).body("size()", equalTo(1));
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(receiver.received().stream().filter(r -> r.path().equals("/flap") && r.body().contains(customer))
                        .filter(r -> r.body().contains("alert.opened")).count())
                        .as("two episodes notified, the flapping third not").isEqualTo(2));
    }

    @Test
    void aGroupingSubscriptionGetsAWaveOfChangesInOneRequest() throws Exception {
        given().contentType("application/json")
                .body("{\"name\":\"grouped\",\"url\":\"" + receiver.url("/grouped") + "\",\"minSeverity\":\"WARNING\","
                        + "\"segments\":[\"lifecycle-test\"],\"groupWindowSeconds\":3}")
                .when().post("/subscriptions").then().statusCode(201).body("groupWindowSeconds", equalTo(3));
        String wave = "W-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            TopicReader.write("churn-risk-signals", wave + "-" + i, signal(wave + "-" + i, "RISK_RAISED", "WARNING", 50));
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received().stream()
                .filter(r -> r.path().equals("/grouped") && r.body().contains(wave))
                .mapToLong(r -> r.body().split("\"customerId\":\"" + wave, -1).length - 1).sum() == 3);
        List<WebhookReceiver.Received> requests = receiver.received().stream()
                .filter(r -> r.path().equals("/grouped") && r.body().contains(wave)).toList();
        assertThat(requests.size()).as("fewer requests than changes").isLessThan(3);
        com.fasterxml.jackson.databind.JsonNode batch = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(requests.get(0).body());
        assertThat(batch.get("type").asText()).isEqualTo("alert.batch");
        assertThat(batch.get("data").get(0).get("type").asText()).isEqualTo("alert.opened");
        String alert = given().queryParam("customerId", wave + "-0").when().get("/alerts").then().extract().path("[0].id");
        given().when().get("/alerts/{id}/deliveries", alert).then().statusCode(200)
                .body("find { it.id == '" + requests.get(0).webhookId() + "' }.eventType", equalTo("alert.batch"));
    }

    @Test
    void an410DisablesTheSubscription() {
        String subscription = subscribe("/gone");
        receiver.answerNext("/gone", 410);
        openAlert("C-" + UUID.randomUUID());

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().when().get("/subscriptions").then().statusCode(200)
                        .body("find { it.id == '" + subscription + "' }.active", equalTo(false))
                        .body("find { it.id == '" + subscription + "' }.disabledReason", containsString("410")));
    }

    @Test
    void retryAfterIsHonoured() {
        subscribe("/busy");
        receiver.answerNextWithRetryAfter("/busy", 429, 3);
        String customer = "C-" + UUID.randomUUID();
        openAlert(customer);

        WebhookReceiver.Received delivered = receiver.await(r -> r.path().equals("/busy") && r.body().contains(customer),
                Duration.ofSeconds(30)).orElseThrow();
        List<Long> attempts = receiver.attemptTimes("/busy", delivered.webhookId());
        assertThat(attempts).hasSize(2);
        // The retry schedule in tests says 1 s; the endpoint asked for 3 s.
        assertThat(attempts.get(1) - attempts.get(0)).isGreaterThanOrEqualTo(2_900);
    }

    @Test
    void everyTextFieldHasADocumentedMaximumAndA400NamingIt() {
        // Before: an actor over 128 characters was a 500, and notes, reasons and actions were unbounded.
        String id = openAlert("C-" + UUID.randomUUID());
        String longActor = "a".repeat(129);
        String longText = "t".repeat(2001);
        given().contentType("application/json").body("{\"actor\":\"" + longActor + "\",\"note\":\"" + longText + "\"}")
                .when().post("/alerts/{id}/acknowledge", id)
                .then().statusCode(400).contentType(containsString("application/problem+json"))
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("actor", "note"));
        given().contentType("application/json").body("{\"until\":\"" + Instant.now().plusSeconds(600)
                        + "\",\"reason\":\"" + longText + "\",\"actor\":\"" + longActor + "\"}")
                .when().post("/alerts/{id}/snooze", id)
                .then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("reason", "actor"));
        given().contentType("application/json").body("{\"actionTaken\":\"" + longText + "\",\"useful\":true,"
                        + "\"actor\":\"nul\\u0000\"}")
                .when().post("/alerts/{id}/outcome", id)
                .then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("actionTaken", "actor"));
        // At the limit, accepted; the alert's history holds what was written.
        given().contentType("application/json").body("{\"note\":\"" + "n".repeat(2000) + "\"}")
                .when().post("/alerts/{id}/acknowledge", id).then().statusCode(200);
        given().when().get("/alerts/{id}/transitions", id).then().statusCode(200)
                .body("find { it.action == 'acknowledge' }.note", equalTo("n".repeat(2000)));
    }

    @Test
    void whoActsIsTheTokensSubjectNeverTheRequestBody() {
        // Before: the body's "actor" was recorded, so anyone could resolve an alert under any name.
        String id = openAlert("C-" + UUID.randomUUID());
        given().contentType("application/json").body("{\"actor\":\"the-ceo\",\"note\":\"fixed\"}")
                .when().post("/alerts/{id}/resolve", id)
                .then().statusCode(400).contentType(containsString("application/problem+json"))
                .body("errors[0].field", equalTo("actor"))
                .body("errors[0].message", containsString("bearer token"));
        String operator = Auth.tokens().token("olga", java.util.List.of("operator"), java.util.Map.of(),
                java.time.Duration.ofMinutes(5));
        Auth.as(operator).contentType("application/json").body("{\"note\":\"fixed\"}")
                .when().post("/alerts/{id}/resolve", id).then().statusCode(200);
        given().when().get("/alerts/{id}/transitions", id).then().statusCode(200)
                .body("find { it.action == 'resolve' }.actor", equalTo("olga"))
                .body("actor", org.hamcrest.Matchers.not(hasItem("the-ceo")));
    }

    @Test
    void wrongTypesAndBrokenJsonAreProblemsNamingTheField() {
        // Found by the fuzz run: Jackson's mapping errors were answered by Quarkus' own 400, not RFC 9457.
        String id = openAlert("C-" + UUID.randomUUID());
        given().contentType("application/json").body("{\"until\":\"tomorrow\",\"reason\":\"x\"}")
                .when().post("/alerts/{id}/snooze", id)
                .then().statusCode(400).contentType(containsString("application/problem+json"))
                .body("errors[0].field", equalTo("until"));
        given().contentType("application/json").body("{\"actionTaken\":\"called\",\"useful\":")
                .when().post("/alerts/{id}/outcome", id)
                .then().statusCode(400).contentType(containsString("application/problem+json"))
                .body("type", containsString("malformed-json"));
        given().contentType("text/plain").body("useful")
                .when().post("/alerts/{id}/outcome", id)
                .then().statusCode(415).contentType(containsString("application/problem+json"));
    }

    @Test
    void aSubscriptionTheDatabaseCouldNotStoreIsA400NotA500() {
        // Found by the fuzz run: a NUL in the name, URL or a filter's segment reached PostgreSQL (a 500).
        for (String body : java.util.List.of(
                "{\"name\":\"n\\u0000\",\"url\":\"http://127.0.0.1:9/x\"}",
                "{\"name\":\"n\",\"url\":\"http://127.0.0.1:9/x\\u0000\"}",
                "{\"name\":\"n\",\"url\":\"http://127.0.0.1:9/x\",\"segments\":[\"a\\u0000\"]}",
                "{\"name\":\"n\",\"url\":\"http://127.0.0.1:9/x\",\"causes\":[\"" + "c".repeat(65) + "\"]}")) {
            given().contentType("application/json").body(body)
                    .when().post("/subscriptions")
                    .then().statusCode(400).contentType(containsString("application/problem+json"))
                    .body("errors.size()", org.hamcrest.Matchers.greaterThan(0));
        }
    }
}
