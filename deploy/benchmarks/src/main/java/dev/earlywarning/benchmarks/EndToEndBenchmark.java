package dev.earlywarning.benchmarks;

import dev.earlywarning.platform.LocalSystem;
import dev.earlywarning.platform.WebhookReceiver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * Latency from POST to webhook receipt with all services running, at a fixed offered load
 * (open loop: events are sent on schedule whatever the answers). One event in 50 is a probe, a
 * new customer asking how to cancel after an unresolved, negative call, which the scorer flags as
 * critical at once; the rest is simulator traffic. Latency is measured per probe, from just before
 * its POST to the moment the subscribed receiver has the webhook naming that customer.
 */
final class EndToEndBenchmark {

    static final String NAME = "end-to-end";
    private static final Pattern CUSTOMER = Pattern.compile("\"customerId\"\\s*:\\s*\"(P-[^\"]+)\"");
    private static final int PROBE_EVERY = 50;

    private final Bench bench;
    private final Results results;
    private final int rate;
    private final Duration measure;

    EndToEndBenchmark(Bench bench, Results results, int rate, Duration measure) {
        this.bench = bench;
        this.results = results;
        this.rate = rate;
        this.measure = measure;
    }

    void run() throws Exception {
        try (LocalSystem system = LocalSystem.startOn(bench.platform, bench.root, LocalSystem.Ports.free(),
                Map.of("EW_SERVICE_JAVA_OPTS", "-Xmx512m -XX:+UseG1GC"), bench.logDir);
             WebhookReceiver receiver = WebhookReceiver.start(0)) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .executor(Executors.newFixedThreadPool(2)).build();
            String subscription = "{\"name\":\"benchmark\",\"url\":\"" + receiver.url("/hooks")
                    + "\",\"minSeverity\":\"WARNING\"}";
            int status = http.send(HttpRequest.newBuilder(URI.create(system.alertsUrl() + "/subscriptions"))
                    .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(subscription))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status != 201) {
                throw new IllegalStateException("Could not subscribe: HTTP " + status);
            }
            String run = UUID.randomUUID().toString().substring(0, 8);
            Events background = Events.simulated(5_000, 60, "e2e-" + run);
            Map<String, Long> probesInFlight = new ConcurrentHashMap<>();
            Histogram latencyMicros = new Histogram(3);
            AtomicLong delivered = new AtomicLong();
            receiver.onReceive(received -> {
                long now = System.nanoTime();
                Matcher m = CUSTOMER.matcher(received.body());
                while (m.find()) {
                    Long sent = probesInFlight.remove(m.group(1));
                    if (sent != null) {
                        synchronized (latencyMicros) {
                            latencyMicros.recordValue(Math.max(1, (now - sent) / 1000));
                        }
                        delivered.incrementAndGet();
                    }
                }
            });
            URI events = URI.create(system.ingestUrl() + "/events");
            // Warm-up at the same rate, not measured.
            Map<String, Long> ignored = new ConcurrentHashMap<>();
            offer(http, events, background, run + "-w", Duration.ofSeconds(20), ignored);
            TimeUnit.SECONDS.sleep(5);
            ignored.clear();
            synchronized (latencyMicros) {
                latencyMicros.reset();
            }
            delivered.set(0);
            long[] sentAndFailed = offer(http, events, background, run + "-m", measure, probesInFlight);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!probesInFlight.isEmpty() && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(100);
            }
            long probes = sentAndFailed[0] / PROBE_EVERY;
            results.add(Figure.info(NAME, "offered load achieved", sentAndFailed[0] / (double) measure.toSeconds(),
                    "events/s"));
            synchronized (latencyMicros) {
                results.add(Figure.atMost(NAME, "POST to webhook p50", latencyMicros.getValueAtPercentile(50) / 1000.0,
                        "ms", 50));
                results.add(Figure.atMost(NAME, "POST to webhook p99", latencyMicros.getValueAtPercentile(99) / 1000.0,
                        "ms", 250));
                results.add(Figure.info(NAME, "POST to webhook max", latencyMicros.getMaxValue() / 1000.0, "ms"));
            }
            results.note(String.format("end-to-end: %d events/s offered for %d s (one in %d a probe): %,d probes, "
                            + "%,d webhooks received for them, %,d not within 30 s; %,d POSTs failed", rate,
                    measure.toSeconds(), PROBE_EVERY, probes, delivered.get(), probesInFlight.size(), sentAndFailed[1]));
        }
    }

    /** Sends at {@code rate} events/s for {@code duration}; returns {sent, failed}. */
    private long[] offer(HttpClient http, URI url, Events background, String prefix, Duration duration,
                         Map<String, Long> probes) {
        long start = System.nanoTime();
        long count = duration.toSeconds() * rate;
        AtomicLong failed = new AtomicLong();
        for (long i = 0; i < count; i++) {
            long due = start + (long) (i * 1e9 / rate);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            String body;
            if (i % PROBE_EVERY == 0) {
                String customer = "P-" + prefix + "-" + i;
                body = probe(prefix + "-" + i, customer);
                probes.put(customer, System.nanoTime());
            } else {
                body = background.event(Math.abs((prefix + i).hashCode()) * 7919L + i);
            }
            http.sendAsync(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                            .header("content-type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, error) -> {
                        if (error != null || response.statusCode() >= 300) {
                            failed.incrementAndGet();
                        }
                    });
        }
        return new long[] {count, failed.get()};
    }

    private static String probe(String id, String customer) {
        return """
                {"eventId":"probe-%s","customerId":"%s","occurredAt":"%s","segment":"retail","sourceSystem":"benchmark",\
                "type":"contact","channel":"phone","direction":"inbound","journey":"cancellation","caseRef":"K-%s",\
                "outcome":"unresolved","sentiment":"negative"}""".formatted(id, customer, Instant.now(), id);
    }
}
