package dev.earlywarning.system.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import dev.earlywarning.platform.FreePorts;
import dev.earlywarning.platform.Platform;
import dev.earlywarning.platform.ServiceProcess;
import dev.earlywarning.platform.WebhookReceiver;

/**
 * Scenarios 5 and 6: webhook receivers that are down for ten minutes, or slow, or hostile, against
 * the packaged alert-service.
 */
class DeliveryFaultIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Platform PLATFORM = Platform.shared();
    private static final String RUN = FaultKit.run();

    private static ServiceProcess alertService(String name, Map<String, String> extra) {
        String database = "faults_" + name + "_" + RUN;
        PLATFORM.postgres().createDatabase(database);
        FaultKit.createTopics(PLATFORM.bootstrapServers(), 6, "faults-signals-" + name + "-" + RUN);
        Map<String, String> env = FaultKit.serviceEnv(PLATFORM.bootstrapServers(), PLATFORM.postgres(), database);
        env.put("MP_MESSAGING_INCOMING_CHURN_RISK_SIGNALS_TOPIC", "faults-signals-" + name + "-" + RUN);
        env.put("MP_MESSAGING_INCOMING_CHURN_RISK_SIGNALS_GROUP_ID", "faults-" + name + "-" + RUN);
        env.putAll(extra);
        return FaultKit.start("alert-service", "alerts-" + name, env);
    }

    private static String signal(String customer, String segment) {
        return """
                {"schemaVersion":1,"signalId":"%s","kind":"RISK_RAISED","customerId":"%s","segment":"%s",
                 "cause":"complaints","severity":"CRITICAL","scoreBefore":80,"scoreAfter":20,"bandBefore":"HEALTHY",
                 "bandAfter":"CRITICAL","recommendedAction":"Call","occurredAt":"2026-11-30T10:00:00Z","drivers":[]}
                """.formatted(java.util.UUID.randomUUID(), customer, segment).replace("\n", "");
    }

    private static String subscribe(ServiceProcess alerts, String name, String url, String segment) throws Exception {
        String answer = FaultKit.post(alerts.url() + "/subscriptions", "{\"name\":\"" + name + "\",\"url\":\"" + url
                + "\",\"minSeverity\":\"INFO\",\"segments\":[\"" + segment + "\"]}");
        return JSON.readTree(answer).get("secret").asText();
    }

    @Test
    void scenario5AReceiverDownForTenMinutesGetsEveryNotificationOnce() throws Exception {
        // The schedule shortened by configuration: 15 min in all, so ten minutes down is survivable.
        ServiceProcess alerts = alertService("down", Map.of("ALERTS_DELIVERY_RETRY_DELAYS",
                "0s,10s,30s,60s,120s,120s,120s,120s,120s,120s,120s,60s", "ALERTS_DELIVERY_JITTER", "0.1"));
        int port = FreePorts.next();
        String segment = "down-" + RUN;
        WebhookReceiver receiver = WebhookReceiver.start(port);
        String secret = subscribe(alerts, "down", receiver.url("/down"), segment);
        receiver.close(); // down: connections refused
        int notifications = 30;
        long downAt = System.nanoTime();
        try {
            List<String[]> signals = new ArrayList<>();
            for (int i = 0; i < notifications; i++) {
                signals.add(new String[] {segment + "-" + i, signal(segment + "-" + i, segment)});
            }
            FaultKit.produce(PLATFORM.bootstrapServers(), "faults-signals-down-" + RUN, signals);
            FaultKit.sleep(Duration.ofMinutes(10).toMillis());
            receiver = WebhookReceiver.start(port);
            long upAt = System.nanoTime();
            WebhookReceiver up = receiver;
            FaultKit.await("every notification received", Duration.ofMinutes(6),
                    () -> up.received().stream().map(WebhookReceiver.Received::webhookId).distinct().count()
                            >= notifications, alerts);
            long allAt = System.nanoTime();
            FaultKit.sleep(5_000); // a duplicate would come now
            List<WebhookReceiver.Received> received = receiver.received();
            Map<String, Long> perId = received.stream().collect(Collectors.groupingBy(
                    WebhookReceiver.Received::webhookId, Collectors.counting()));
            Set<String> customers = received.stream().map(r -> {
                try {
                    return JSON.readTree(r.body()).at("/data/customerId").asText();
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }).collect(Collectors.toSet());
            long invalid = received.stream().filter(r -> !r.signedWith(secret)).count();
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("notifications", notifications);
            figures.put("receiver down (s)", (upAt - downAt) / 1_000_000_000);
            figures.put("distinct webhook-ids received", perId.size());
            figures.put("customers notified", customers.size());
            figures.put("requests after the receiver's idempotency check dropped repeats", perId.size());
            figures.put("repeats dropped", received.size() - perId.size());
            figures.put("invalid signatures", invalid);
            figures.put("all received after it came back in (s)", (allAt - upAt) / 1_000_000_000);
            FaultKit.report("5: a webhook receiver down for 10 minutes", figures);
            assertThat(perId).hasSize(notifications);
            assertThat(customers).hasSize(notifications);
            assertThat(invalid).isZero();
        } finally {
            receiver.close();
            alerts.close();
        }
    }

    @Test
    void scenario6ASlowAndAHostileReceiverDoNotSlowAHealthyOne() throws Exception {
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, Long> healthyAt = new ConcurrentHashMap<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/healthy", exchange -> {
            long now = System.nanoTime();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            healthyAt.putIfAbsent(JSON.readTree(body).at("/data/customerId").asText(), now);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.createContext("/slow", exchange -> {
            exchange.getRequestBody().readAllBytes();
            FaultKit.sleep(10_000);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.createContext("/hostile", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Retry-After", "9223372036854775807");
            exchange.sendResponseHeaders(429, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("no".repeat(100_000).getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                // the sender stopped reading: expected
            }
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(64));
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        ServiceProcess alerts = alertService("slow", Map.of());
        try {
            String alone = "alone-" + RUN;
            String mixed = "mixed-" + RUN;
            subscribe(alerts, "healthy alone", base + "/healthy", alone);
            subscribe(alerts, "healthy", base + "/healthy", mixed);
            subscribe(alerts, "slow", base + "/slow", mixed);
            subscribe(alerts, "hostile", base + "/hostile", mixed);
            latencies(alone, 20, sentAt, healthyAt, alerts); // warm-up: the first deliveries compile the path
            List<Long> aloneLatency = latencies(alone, 40, sentAt, healthyAt, alerts);
            List<Long> mixedLatency = latencies(mixed, 40, sentAt, healthyAt, alerts);
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("healthy alone p50/p95 (ms)", percentile(aloneLatency, 50) + "/" + percentile(aloneLatency, 95));
            figures.put("healthy beside slow and hostile p50/p95 (ms)",
                    percentile(mixedLatency, 50) + "/" + percentile(mixedLatency, 95));
            figures.put("notifications each", 40);
            FaultKit.report("6: a receiver answering after 10 s and one answering 429 with an absurd Retry-After",
                    figures);
            // Within 2x, with 50 ms for the scheduling noise of a shared 2-core machine.
            assertThat(percentile(mixedLatency, 50)).isLessThanOrEqualTo(2 * percentile(aloneLatency, 50) + 50);
            assertThat(percentile(mixedLatency, 95)).isLessThanOrEqualTo(2 * percentile(aloneLatency, 95) + 50);
        } finally {
            alerts.close();
            server.stop(0);
        }
    }

    /** Sends one signal every 250 ms and returns, per customer, the time from the write to the healthy receiver. */
    private static List<Long> latencies(String segment, int count, Map<String, Long> sentAt, Map<String, Long> healthyAt,
                                        ServiceProcess alerts) {
        List<String> customers = new ArrayList<>();
        java.util.Properties props = new java.util.Properties();
        props.put("bootstrap.servers", PLATFORM.bootstrapServers());
        props.put("acks", "all");
        props.put("linger.ms", "0");
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(props,
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.StringSerializer())) {
            for (int i = 0; i < count; i++) {
                String customer = segment + "-" + UUID.randomUUID();
                customers.add(customer);
                sentAt.put(customer, System.nanoTime());
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>("faults-signals-slow-" + RUN,
                        customer, signal(customer, segment))).get();
                FaultKit.sleep(250);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        FaultKit.await(segment + ": every healthy delivery", Duration.ofSeconds(60),
                () -> customers.stream().allMatch(healthyAt::containsKey), alerts);
        return customers.stream().map(c -> (healthyAt.get(c) - sentAt.get(c)) / 1_000_000).sorted().toList();
    }

    private static long percentile(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
