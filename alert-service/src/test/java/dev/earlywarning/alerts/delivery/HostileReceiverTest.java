package dev.earlywarning.alerts.delivery;

import static dev.earlywarning.platform.test.Auth.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import dev.earlywarning.platform.test.TopicReader;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A receiver that answers 429 with an absurd Retry-After and a megabyte of body, next to a healthy
 * one: each delivery's attempt is recorded on its own, and the healthy one is delivered once.
 */
@QuarkusTest
class HostileReceiverTest {

    private static HttpServer server;
    private static final List<String> healthyIds = new CopyOnWriteArrayList<>();
    private static final List<String> hostileIds = new CopyOnWriteArrayList<>();
    private static final List<Long> slowArrivals = new CopyOnWriteArrayList<>();
    private static final List<Long> fastArrivals = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/healthy", exchange -> {
            healthyIds.add(exchange.getRequestHeaders().getFirst("webhook-id"));
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.createContext("/hostile", exchange -> {
            hostileIds.add(exchange.getRequestHeaders().getFirst("webhook-id"));
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Retry-After", "9223372036854775807");
            byte[] chunk = "x".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(429, 0); // chunked: no length to refuse it by
            try (OutputStream body = exchange.getResponseBody()) {
                for (int i = 0; i < 16; i++) {
                    body.write(chunk);
                }
            } catch (IOException e) {
                // The sender stopped reading after its limit and closed the connection: expected.
            }
            exchange.close();
        });
        server.createContext("/slow", exchange -> {
            slowArrivals.add(System.nanoTime());
            exchange.getRequestBody().readAllBytes();
            try {
                Thread.sleep(10_000); // longer than the sender's 5 s timeout
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.createContext("/fast", exchange -> {
            fastArrivals.add(System.nanoTime());
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(32));
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static void subscribe(String name, String path, String customer) {
        given().contentType("application/json")
                .body("{\"name\":\"" + name + "\",\"url\":\"" + url(path) + "\",\"minSeverity\":\"CRITICAL\","
                        + "\"segments\":[\"" + customer + "-segment\"]}")
                .when().post("/subscriptions").then().statusCode(201);
    }

    private static String signal(String customer, String segment) {
        return """
                {"schemaVersion":1,"signalId":"%s","kind":"RISK_RAISED","customerId":"%s","segment":"%s",
                 "cause":"complaints","severity":"CRITICAL","scoreBefore":80,"scoreAfter":20,"bandBefore":"HEALTHY",
                 "bandAfter":"CRITICAL","recommendedAction":"Call","occurredAt":"2026-11-30T10:00:00Z","drivers":[]}
                """.formatted(UUID.randomUUID(), customer, segment);
    }

    @Test
    void aReceiverThatTimesOutHoldsOnlyItsOwnLanes() {
        // Before: a claimed batch was sent eight alerts at a time whatever their endpoint, so once the
        // slow endpoint's sends held those eight, the fast endpoint's deliveries waited for timeouts.
        String segment = "lanes-" + UUID.randomUUID();
        subscribe("slow", "/slow", segment.replace("-segment", ""));
        subscribe("fast", "/fast", segment.replace("-segment", ""));
        int alerts = 24;
        for (int i = 0; i < alerts; i++) {
            TopicReader.write("churn-risk-signals", segment + i, signal(segment + i, segment + "-segment"));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> fastArrivals.size() >= alerts);
        long firstSlow = slowArrivals.stream().mapToLong(Long::longValue).min().orElseThrow();
        long lastFast = fastArrivals.stream().mapToLong(Long::longValue).max().orElseThrow();
        // Every fast delivery arrived before the first slow send could even have timed out (5 s).
        assertThat(Duration.ofNanos(lastFast - firstSlow)).isLessThan(Duration.ofSeconds(5));
        // The slow endpoint got at most its lanes' worth of concurrent requests.
        assertThat(slowArrivals.size()).isLessThanOrEqualTo(8);
    }

    @Test
    void anAbsurdRetryAfterDelaysOnlyItsOwnDeliveryAndTheHealthyOneIsSentOnce() {
        String customer = "C-" + UUID.randomUUID();
        subscribe("hostile", "/hostile", customer);
        subscribe("healthy", "/healthy", customer);

        TopicReader.write("churn-risk-signals", customer, """
                {"schemaVersion":1,"signalId":"%s","kind":"RISK_RAISED","customerId":"%s","segment":"%s-segment",
                 "cause":"complaints","severity":"CRITICAL","scoreBefore":80,"scoreAfter":20,"bandBefore":"HEALTHY",
                 "bandAfter":"CRITICAL","recommendedAction":"Call","occurredAt":"2026-11-30T10:00:00Z","drivers":[]}
                """.formatted(UUID.randomUUID(), customer, customer));

        await().atMost(Duration.ofSeconds(30)).until(() -> !healthyIds.isEmpty() && !hostileIds.isEmpty());
        String alertId = given().queryParam("customerId", customer).when().get("/alerts")
                .then().statusCode(200).extract().path("[0].id");
        // Before: the overflow failed the claimed batch, so neither outcome was recorded and the
        // healthy receiver's webhook was sent again when its lease ended.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().when()
                .get("/alerts/{id}/deliveries", alertId).then().statusCode(200)
                .body("find { it.id == '" + healthyIds.get(0) + "' }.status", equalTo("DELIVERED"))
                .body("find { it.id == '" + healthyIds.get(0) + "' }.attempts", equalTo(1))
                .body("find { it.id == '" + hostileIds.get(0) + "' }.status", equalTo("PENDING"))
                .body("find { it.id == '" + hostileIds.get(0) + "' }.lastStatus", equalTo(429))
                .body("find { it.id == '" + hostileIds.get(0) + "' }.attempts", equalTo(1)));
        assertThat(healthyIds).containsOnly(healthyIds.get(0)).hasSize(1);
        assertThat(hostileIds).hasSize(1);
    }
}
