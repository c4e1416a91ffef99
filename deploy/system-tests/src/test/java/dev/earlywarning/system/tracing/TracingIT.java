package dev.earlywarning.system.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.earlywarning.platform.DemoTraffic;
import dev.earlywarning.platform.LocalSystem;
import dev.earlywarning.platform.Platform;
import dev.earlywarning.platform.WebhookReceiver;
import dev.earlywarning.system.tracing.OtlpReceiver.ExportedSpan;
import io.restassured.RestAssured;

/**
 * One event followed from the POST that brought it to the webhook it caused, across the three
 * services and both Kafka hops: the services run with tracing on and export by OTLP to a collector
 * in this test; the POST carries the test's own {@code traceparent}, and every span of the way,
 * and the webhook request itself, must continue that trace.
 */
class TracingIT {

    private static final Path ROOT = Path.of(System.getProperty("earlywarning.root", "../..")).toAbsolutePath()
            .normalize();
    private static final Path LOGS = ROOT.resolve("deploy/system-tests/target/service-logs/tracing");
    private static OtlpReceiver collector;
    private static WebhookReceiver webhooks;
    private static LocalSystem system;

    @BeforeAll
    static void start() {
        collector = OtlpReceiver.start();
        webhooks = WebhookReceiver.start(0);
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("QUARKUS_OTEL_SDK_DISABLED", "false");
        env.put("OTEL_EXPORTER_OTLP_ENDPOINT", collector.endpoint());
        env.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
        // Exported within a fifth of a second of ending, instead of every 5 s.
        env.put("QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "200ms");
        system = LocalSystem.startOn(Platform.shared(), ROOT, LocalSystem.Ports.free(), env, LOGS);
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
        if (webhooks != null) {
            webhooks.close();
        }
        if (collector != null) {
            collector.close();
        }
    }

    @Test
    void oneEventIsFollowedFromItsPostThroughBothKafkaHopsToTheWebhookItCaused() throws IOException {
        String staff = system.platform().tokens().staff("tracer");
        RestAssured.given().auth().oauth2(staff).contentType("application/json")
                .body("{\"name\":\"traced\",\"url\":\"" + webhooks.url("/traced") + "\",\"minSeverity\":\"INFO\"}")
                .post(system.alertsUrl() + "/subscriptions").then().statusCode(201);

        // Three failed calls about one problem: the third alerts at once. Only the third carries the test's trace.
        String customer = "C-traced-" + UUID.randomUUID();
        String traceId = HexFormat.of().formatHex(uuidBytes());
        String rootSpanId = traceId.substring(0, 16);
        Instant now = Instant.now();
        for (int i = 0; i < 3; i++) {
            var request = RestAssured.given().auth().oauth2(system.platform().tokens().producer("demo"))
                    .contentType("application/json")
                    .body(DemoTraffic.contactEvent("traced-" + i + "-" + UUID.randomUUID(), customer,
                            now.minusSeconds(300 - 100L * i), "phone", i == 0 ? "neutral" : "negative", "unresolved",
                            5 + i));
            if (i == 2) {
                request.header("traceparent", "00-" + traceId + "-" + rootSpanId + "-01");
            }
            request.post(system.ingestUrl() + "/events").then().statusCode(202);
        }

        WebhookReceiver.Received webhook = webhooks.await(r -> r.body().contains(customer), Duration.ofSeconds(30))
                .orElseThrow(() -> new AssertionError("no webhook for " + customer + " within 30 s"));
        assertThat(webhook.traceparent()).as("the webhook request continues the event's trace")
                .startsWith("00-" + traceId + "-");
        String webhookParent = webhook.traceparent().split("-")[2];

        List<ExportedSpan> trace = Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> collector.trace(traceId), spans -> spans.stream()
                        .anyMatch(s -> s.spanId().equals(webhookParent)));
        write(traceId, rootSpanId, trace);

        Map<String, ExportedSpan> byId = trace.stream().collect(Collectors.toMap(ExportedSpan::spanId, s -> s));
        ExportedSpan delivery = byId.get(webhookParent);
        assertThat(delivery.service()).isEqualTo("alert-service");
        assertThat(delivery.name()).isEqualTo("webhook POST");
        assertThat(delivery.kind()).isEqualTo("CLIENT");
        assertThat(delivery.attributes()).containsEntry("http.response.status_code", "204");

        // From the webhook back to the POST, parent by parent: nothing of the way is missing.
        List<ExportedSpan> path = new ArrayList<>();
        for (ExportedSpan span = delivery; span != null; span = span.parentSpanId() == null ? null
                : byId.get(span.parentSpanId())) {
            path.add(0, span);
        }
        assertThat(path.get(0).parentSpanId()).as("the first span's parent is the test's own span")
                .isEqualTo(rootSpanId);
        assertThat(path).extracting(s -> s.service() + " " + s.kind() + " " + s.name()).containsSubsequence(
                "contact-ingest SERVER POST /events",
                "contact-ingest PRODUCER contact-events publish",
                "health-scorer CONSUMER contact-events process",
                "health-scorer PRODUCER churn-risk-signals publish",
                "alert-service CONSUMER churn-risk-signals process",
                "alert-service CLIENT webhook POST");
        ExportedSpan scored = path.stream().filter(s -> s.name().equals("contact-events process")).findFirst()
                .orElseThrow();
        assertThat(scored.attributes()).containsEntry("messaging.kafka.message.key", customer);
        // Each span ends after it starts, and a child starts no earlier than its parent.
        for (int i = 1; i < path.size(); i++) {
            assertThat(path.get(i).startNanos()).isGreaterThanOrEqualTo(path.get(i - 1).startNanos());
        }
        // The first two events, sent without a trace, started traces of their own: none joined this one.
        assertThat(trace).filteredOn(s -> s.name().equals("contact-events process")).hasSize(1);
    }

    private static byte[] uuidBytes() {
        UUID id = UUID.randomUUID();
        return java.nio.ByteBuffer.allocate(16).putLong(id.getMostSignificantBits())
                .putLong(id.getLeastSignificantBits()).array();
    }

    /** The trace as an indented tree, to target and, with {@code -Dtracing.docs=DIR}, to the docs. */
    private static void write(String traceId, String rootSpanId, List<ExportedSpan> trace) throws IOException {
        Map<String, List<ExportedSpan>> children = new HashMap<>();
        trace.forEach(s -> children.computeIfAbsent(s.parentSpanId() == null ? "" : s.parentSpanId(),
                k -> new ArrayList<>()).add(s));
        children.values().forEach(list -> list.sort(Comparator.comparingLong(ExportedSpan::startNanos)));
        long start = trace.stream().mapToLong(ExportedSpan::startNanos).min().orElse(0);
        StringBuilder out = new StringBuilder("trace " + traceId + " (the test's span " + rootSpanId + ")\n")
                .append("offset ms  duration ms  service         kind      span\n");
        render(children, rootSpanId, 0, start, out);
        String text = out.toString();
        Files.createDirectories(LOGS);
        Files.writeString(LOGS.resolve("trace.txt"), text);
        String docs = System.getProperty("tracing.docs");
        if (docs != null) {
            Path dir = Path.of(docs);
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("trace-example.txt"), text);
        }
    }

    private static void render(Map<String, List<ExportedSpan>> children, String parent, int depth, long start,
                               StringBuilder out) {
        for (ExportedSpan span : children.getOrDefault(parent, List.of())) {
            out.append(String.format("%9.1f  %11.1f  %-15s %-9s %s%s%n", (span.startNanos() - start) / 1e6,
                    (span.endNanos() - span.startNanos()) / 1e6, span.service(), span.kind(), "  ".repeat(depth),
                    span.name()));
            render(children, span.spanId(), depth + 1, start, out);
        }
    }
}
