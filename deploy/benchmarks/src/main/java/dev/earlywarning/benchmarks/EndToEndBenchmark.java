package dev.earlywarning.benchmarks;

import dev.earlywarning.platform.LocalSystem;
import dev.earlywarning.platform.Topics;
import dev.earlywarning.platform.WebhookReceiver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
    private static final int BACKGROUND_BATCH = 20;

    private final Bench bench;
    private final Results results;
    private final int rate;
    private final Duration measure;
    private final Duration warmUp;

    EndToEndBenchmark(Bench bench, Results results, int rate, Duration measure, Duration warmUp) {
        this.bench = bench;
        this.results = results;
        this.rate = rate;
        this.measure = measure;
        this.warmUp = warmUp;
    }

    void run() throws Exception {
        // With -Dbench.debug=true the services write their timing lines (scorer batches, signal batches).
        String options = dev.earlywarning.platform.LocalSystem.SHARED_MACHINE_JAVA_OPTS + (Boolean.getBoolean("bench.debug")
                ? " -Dquarkus.log.category.\"dev.earlywarning\".level=DEBUG" : "")
                // Experiments: -Dbench.service.opts="-Dsome.property=value" reaches every service's JVM.
                + " " + System.getProperty("bench.service.opts", "");
        try (LocalSystem system = LocalSystem.startOn(bench.platform, bench.root, LocalSystem.Ports.free(),
                Map.of("EW_SERVICE_JAVA_OPTS", options), bench.logDir);
             WebhookReceiver receiver = WebhookReceiver.start(0);
             HttpPoster poster = new HttpPoster(64, bench.platform.tokens().producer("simulator"))) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .executor(Executors.newFixedThreadPool(2)).build();
            Bench.subscribeToEveryAlert(http, system.alertsUrl(), receiver, bench.platform.tokens());
            String run = UUID.randomUUID().toString().substring(0, 8);
            Events background = Events.simulated(20_000, 365, "e2e-" + run);
            Map<String, Long> probesInFlight = new ConcurrentHashMap<>();
            Map<String, Long> warmUpProbes = new ConcurrentHashMap<>();
            Map<String, Long> postedAt = new ConcurrentHashMap<>();
            Map<String, Long> receivedAt = new ConcurrentHashMap<>();
            Histogram latencyMicros = new Histogram(3);
            AtomicLong delivered = new AtomicLong();
            receiver.onReceive(received -> {
                long now = System.nanoTime();
                Matcher m = CUSTOMER.matcher(received.body());
                while (m.find()) {
                    Long sent = probesInFlight.remove(m.group(1));
                    if (sent == null) {
                        warmUpProbes.remove(m.group(1));
                    }
                    if (sent != null) {
                        receivedAt.put(m.group(1), System.currentTimeMillis());
                        synchronized (latencyMicros) {
                            latencyMicros.recordValue(Math.max(1, (now - sent) / 1000));
                        }
                        delivered.incrementAndGet();
                    }
                }
            });
            URI events = URI.create(system.ingestUrl() + "/events");
            URI batches = URI.create(system.ingestUrl() + "/events/batch");
            if (Boolean.getBoolean("bench.jfr")) {
                system.services().forEach(service -> Bench.jcmd(service, "JFR.start", "settings=profile", "name=bench"));
            }
            // Warm-up at the same rate, not measured; then the measurement starts from a drained system
            // (every warm-up probe delivered), not from the queues the warm-up left behind.
            offer(poster, events, batches, background.withRun(run + "-w"), run + "-w", warmUp,
                    warmUpProbes, new ConcurrentHashMap<>());
            long drainStarted = System.nanoTime();
            while (!warmUpProbes.isEmpty() && System.nanoTime() - drainStarted < TimeUnit.SECONDS.toNanos(120)) {
                TimeUnit.MILLISECONDS.sleep(100);
            }
            results.note(String.format("end-to-end: warm-up of %d s at the same rate; its probes all delivered %.1f s "
                    + "after it ended%s", warmUp.toSeconds(), (System.nanoTime() - drainStarted) / 1e9,
                    warmUpProbes.isEmpty() ? "" : " (" + warmUpProbes.size() + " still missing at 120 s)"));
            TimeUnit.SECONDS.sleep(2);
            synchronized (latencyMicros) {
                latencyMicros.reset();
            }
            delivered.set(0);
            bench.resetStatementStats(LocalSystem.SCORER_DATABASE);
            bench.resetStatementStats(LocalSystem.ALERTS_DATABASE);
            CpuAccount cpu = CpuAccount.start();
            long measuredFrom = System.nanoTime();
            long[] sentAndFailed = offer(poster, events, batches, background.withRun(run + "-m"), run + "-m", measure,
                    probesInFlight, postedAt);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!probesInFlight.isEmpty() && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(100);
            }
            long probes = sentAndFailed[0] / PROBE_EVERY;
            results.note(cpu.note("end-to-end CPU", (System.nanoTime() - measuredFrom) / 1e9));
            for (String database : new String[] {LocalSystem.SCORER_DATABASE, LocalSystem.ALERTS_DATABASE}) {
                String stats = bench.statementStats(database, 8);
                if (!stats.isEmpty()) {
                    System.out.println("[benchmark] " + stats);
                }
            }
            traceHops(postedAt, receivedAt);
            if (Boolean.getBoolean("bench.debug")) {
                for (String url : new String[] {system.services().get(1).managementUrl(),
                        system.services().get(2).managementUrl()}) {
                    String metrics = http.send(HttpRequest.newBuilder(URI.create(url + "/q/metrics")).build(),
                            HttpResponse.BodyHandlers.ofString()).body();
                    metrics.lines().filter(l -> !l.startsWith("#") && (l.startsWith("ew_") || l.contains("records_lag_max")
                            || l.startsWith("process_cpu_usage"))).filter(l -> !l.contains("_bucket"))
                            .forEach(l -> System.out.println(url + " " + l));
                }
            }
            if (Boolean.getBoolean("bench.jfr")) {
                system.services().forEach(service -> Bench.jcmd(service, "JFR.dump", "name=bench",
                        "filename=" + bench.logDir.resolve("e2e-" + service.name() + ".jfr")));
            }
            results.add(Figure.info(NAME, "offered load achieved", sentAndFailed[0] / (double) measure.toSeconds(),
                    "events/s"));
            synchronized (latencyMicros) {
                // No probe delivered is a miss, not a latency of zero.
                boolean any = latencyMicros.getTotalCount() > 0;
                results.add(Figure.atMost(NAME, "POST to webhook p50",
                        any ? latencyMicros.getValueAtPercentile(50) / 1000.0 : Double.POSITIVE_INFINITY, "ms", 50));
                results.add(Figure.atMost(NAME, "POST to webhook p99",
                        any ? latencyMicros.getValueAtPercentile(99) / 1000.0 : Double.POSITIVE_INFINITY, "ms", 250));
                results.add(Figure.info(NAME, "POST to webhook max",
                        any ? latencyMicros.getMaxValue() / 1000.0 : Double.POSITIVE_INFINITY, "ms"));
            }
            results.note(String.format("end-to-end: %,d webhooks received in all", receiver.received().size()));
            if (Boolean.getBoolean("bench.debug")) {
                receiver.received().stream().limit(2).forEach(r -> System.out.println("webhook body: " + r.body()));
                receiver.received().stream().filter(r -> r.body().contains("P-")).limit(1)
                        .forEach(r -> System.out.println("probe webhook body: " + r.body()));
            }
            results.note(String.format("end-to-end: %d events/s offered for %d s (one in %d a probe, single POSTs; the "
                            + "rest in batches of " + BACKGROUND_BATCH + "): %,d probes, "
                            + "%,d webhooks received for them, %,d not within 30 s; %,d POSTs failed", rate,
                    measure.toSeconds(), PROBE_EVERY, probes, delivered.get(), probesInFlight.size(), sentAndFailed[1]));
        }
    }

    /**
     * Sends at {@code rate} events/s for {@code duration}; returns {sent, failed}. Probes go as single
     * POSTs; the background goes as batches of {@value #BACKGROUND_BATCH} (as a CRM syncing its
     * contacts would), so the load generator on the same two cores does not eat the CPU the system
     * under test needs. The offered event rate is the same.
     */
    private long[] offer(HttpPoster http, URI url, URI batchUrl, Events background, String prefix, Duration duration,
                         Map<String, Long> probes, Map<String, Long> postedAt) {
        long start = System.nanoTime();
        long count = duration.toSeconds() * rate;
        AtomicLong failed = new AtomicLong();
        List<String> pending = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            long due = start + (long) (i * 1e9 / rate);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            if (i % PROBE_EVERY == 0) {
                String customer = "P-" + prefix + "-" + i;
                String body = probe(prefix + "-" + i, customer);
                probes.put(customer, System.nanoTime());
                postedAt.put(customer, System.currentTimeMillis());
                post(http, url, body, failed);
            } else {
                pending.add(background.live(i));
                if (pending.size() == BACKGROUND_BATCH) {
                    post(http, batchUrl, "[" + String.join(",", pending) + "]", failed);
                    pending.clear();
                }
            }
        }
        return new long[] {count, failed.get()};
    }

    /**
     * Where a probe's time goes, hop by hop, from the records' own timestamps: POST → on
     * {@code contact-events} (ingest's producer), → on {@code churn-risk-signals} (the scorer's
     * producer), → webhook received. Medians, 90th and 99th percentiles over the probes that arrived.
     */
    private void traceHops(Map<String, Long> postedAt, Map<String, Long> receivedAt) {
        Map<String, Long> ingested = firstTimestamps(Topics.CONTACT_EVENTS, postedAt.keySet());
        Map<String, Long> signalled = firstTimestamps(Topics.CHURN_RISK_SIGNALS, postedAt.keySet());
        List<Long> toTopic = new ArrayList<>();
        List<Long> toSignal = new ArrayList<>();
        List<Long> toWebhook = new ArrayList<>();
        for (Map.Entry<String, Long> received : receivedAt.entrySet()) {
            Long posted = postedAt.get(received.getKey());
            Long event = ingested.get(received.getKey());
            Long signal = signalled.get(received.getKey());
            if (posted != null && event != null && signal != null) {
                toTopic.add(event - posted);
                toSignal.add(signal - event);
                toWebhook.add(received.getValue() - signal);
            }
        }
        results.note(String.format("end-to-end hops of %d arrived probes, median / p90 / p99 ms: POST to contact-events %s; "
                        + "to churn-risk-signals %s; to webhook received %s", toTopic.size(), quantiles(toTopic),
                quantiles(toSignal), quantiles(toWebhook)));
    }

    /** Median, 90th and 99th percentile, in ms. */
    private static String quantiles(List<Long> values) {
        if (values.isEmpty()) {
            return "-";
        }
        List<Long> sorted = values.stream().sorted().toList();
        return String.format("%,d / %,d / %,d", sorted.get(sorted.size() / 2), sorted.get((int) (sorted.size() * 0.9)),
                sorted.get((int) (sorted.size() * 0.99)));
    }

    /** The timestamp of the first record of each wanted key on a topic, read from the beginning. */
    private Map<String, Long> firstTimestamps(String topic, java.util.Set<String> keys) {
        Map<String, Long> first = new java.util.HashMap<>();
        java.util.Properties props = new java.util.Properties();
        props.put("bootstrap.servers", bench.platform.bootstrapServers());
        try (org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]> consumer =
                     new org.apache.kafka.clients.consumer.KafkaConsumer<>(props,
                             new org.apache.kafka.common.serialization.StringDeserializer(),
                             new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            List<org.apache.kafka.common.TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<org.apache.kafka.common.TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline
                    && partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.key() != null && keys.contains(record.key())) {
                        first.putIfAbsent(record.key(), record.timestamp());
                    }
                }
            }
        }
        return first;
    }

    private static void post(HttpPoster http, URI url, String body, AtomicLong failed) {
        http.post(url, "application/json", body).whenComplete((status, error) -> {
            if (error != null || status >= 300) {
                failed.incrementAndGet();
            }
        });
    }

    private static String probe(String id, String customer) {
        return """
                {"eventId":"probe-%s","customerId":"%s","occurredAt":"%s","segment":"retail","sourceSystem":"simulator",\
                "type":"contact","channel":"phone","direction":"inbound","journey":"cancellation","caseRef":"K-%s",\
                "outcome":"unresolved","sentiment":"negative"}""".formatted(id, customer, Instant.now(), id);
    }
}
