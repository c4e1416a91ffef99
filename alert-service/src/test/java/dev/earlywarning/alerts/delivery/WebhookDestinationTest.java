package dev.earlywarning.alerts.delivery;

import static dev.earlywarning.platform.test.Auth.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

import dev.earlywarning.alerts.domain.Severity;
import dev.earlywarning.alerts.domain.SubscriptionFilter;
import dev.earlywarning.alerts.persistence.Subscription;
import dev.earlywarning.alerts.persistence.SubscriptionStore;
import dev.earlywarning.alerts.Signals;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Webhooks cannot reach inside (README, "Security"): internal addresses in every spelling are
 * refused when subscribing and again at every delivery, on the address the delivery would connect
 * to, and a delivery's lastError names a class of failure, never the network's detail.
 */
@QuarkusTest
class WebhookDestinationTest {

    @Inject
    SubscriptionStore store;

    /** Internal destinations in every spelling; 127.0.0.1 and localhost themselves are allow-listed in tests. */
    static java.util.stream.Stream<String> internal() {
        return java.util.stream.Stream.of("https://127.1/h", "https://2130706433/h", "https://0x7f000001/h",
                "https://0177.0.0.1/h", "https://017700000001/h", "https://[::1]/h", "https://[::ffff:127.0.0.1]/h",
                "https://[::ffff:7f00:1]/h", "https://[64:ff9b::7f00:1]/h", "https://10.0.0.1/h", "https://172.16.5.4/h",
                "https://192.168.0.10/h", "https://169.254.169.254/latest/meta-data", "https://2852039166/h",
                "https://[fd00:ec2::254]/h", "https://[fe80::1]/h", "https://0.0.0.0/h", "https://[::]/h",
                "https://224.0.0.251/h", "https://[ff02::1]/h", "https://loopback.ssrf.test/h",
                "https://metadata.ssrf.test/h", "https://private6.ssrf.test/h", "http://hooks.example.com/h",
                "https://hooks.example.com:6379/h");
    }

    private static void scriptNames() {
        ScriptedResolver.script("loopback.ssrf.test", "127.0.0.1");
        ScriptedResolver.script("metadata.ssrf.test", "169.254.169.254");
        ScriptedResolver.script("private6.ssrf.test", "fd12:3456::1");
    }

    @Inject
    WebhookClient client;

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("internal")
    void internalDestinationsAreRefusedAtDeliveryWithoutConnecting(String url) {
        scriptNames();
        WebhookClient.Result result = client.send(url, "whsec_test", null, "msg-1", 1_700_000_000L, "{}", null)
                .await().atMost(Duration.ofSeconds(10));
        assertThat(result.status()).as("nothing was sent").isNull();
        assertThat(result.error()).startsWith("destination not allowed: ");
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("internal")
    void internalDestinationsAreRefusedWhenSubscribing(String url) {
        scriptNames();
        given().contentType("application/json").body("{\"name\":\"ssrf\",\"url\":\"" + url + "\"}")
                .when().post("/subscriptions")
                .then().statusCode(400).contentType(containsString("application/problem+json"))
                .body("errors[0].field", equalTo("url"));
    }

    @Test
    void aNameThatRebindsToLoopbackAfterSubscribingIsRefusedAtDelivery() {
        // Public when subscribing, loopback when delivering: the check runs on the address connected to.
        String host = "rebind-" + UUID.randomUUID().toString().substring(0, 8) + ".ssrf.test";
        ScriptedResolver.script(host, "93.184.215.14", "127.0.0.1");
        String segment = "ssrf-" + UUID.randomUUID();
        given().contentType("application/json").body("{\"name\":\"rebinding\",\"url\":\"https://" + host
                        + "/hook\",\"segments\":[\"" + segment + "\"]}")
                .when().post("/subscriptions").then().statusCode(201);

        String alert = openAlert(segment);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().when().get("/alerts/{id}/deliveries", alert)
                .then().statusCode(200)
                .body("[0].lastError", equalTo("destination not allowed: resolves to a loopback address")));
        assertThat(ScriptedResolver.lookups(host)).as("looked up again for the delivery").isGreaterThan(1);
    }

    @Test
    void aStoredSubscriptionToAnInternalAddressIsRefusedAtEveryDelivery() {
        // One stored before these checks existed: the delivery refuses it without connecting.
        String segment = "ssrf-" + UUID.randomUUID();
        store.create(new Subscription(UUID.randomUUID(), "legacy", "https://[::ffff:127.0.0.1]:8443/hook", "whsec_x",
                new SubscriptionFilter(Severity.WARNING, Set.of(segment), Set.of()), true, Instant.now(), null, false,
                0, null, null)).await().atMost(Duration.ofSeconds(10));

        String alert = openAlert(segment);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().when().get("/alerts/{id}/deliveries", alert)
                .then().statusCode(200)
                .body("[0].lastError", equalTo("destination not allowed: points at an IPv4-in-IPv6 address")));
    }

    @Test
    void lastErrorNamesTheClassOfFailureNotTheNetwork() {
        // Before: "ConnectException: Connection refused: /127.0.0.1:<port>", a port scanner for subscribers.
        String segment = "ssrf-" + UUID.randomUUID();
        int closedPort = dev.earlywarning.platform.FreePorts.next();
        given().contentType("application/json").body("{\"name\":\"closed\",\"url\":\"http://127.0.0.1:" + closedPort
                        + "/hook\",\"segments\":[\"" + segment + "\"]}")
                .when().post("/subscriptions").then().statusCode(201);

        String alert = openAlert(segment);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().when().get("/alerts/{id}/deliveries", alert)
                .then().statusCode(200).body("[0].lastError", equalTo("connection refused")));
        String detail = given().when().get("/alerts/{id}/deliveries", alert).then().extract().asString();
        assertThat(detail).doesNotContain(Integer.toString(closedPort)).doesNotContain("127.0.0.1:");
    }

    @Test
    void theClassesOfFailure() {
        assertThat(WebhookClient.failureClass(new java.util.concurrent.TimeoutException())).isEqualTo("timeout");
        assertThat(WebhookClient.failureClass(new RuntimeException(new javax.net.ssl.SSLHandshakeException(
                "PKIX path building failed for 10.1.2.3")))).isEqualTo("TLS handshake failed");
        assertThat(WebhookClient.failureClass(new java.net.ConnectException("Connection refused: /10.0.0.7:22")))
                .isEqualTo("connection refused");
        assertThat(List.of(WebhookClient.failureClass(new IllegalStateException("10.0.0.7"))))
                .containsExactly("request failed");
    }

    private static String openAlert(String segment) {
        return Signals.openAlert("C-" + UUID.randomUUID(), segment);
    }
}
