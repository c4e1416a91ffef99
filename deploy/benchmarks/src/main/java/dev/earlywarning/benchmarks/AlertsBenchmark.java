package dev.earlywarning.benchmarks;

import dev.earlywarning.platform.ServiceProcess;
import dev.earlywarning.platform.Topics;
import dev.earlywarning.platform.WebhookReceiver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The alert-service alone: signals written straight onto {@code churn-risk-signals}, a webhook
 * receiver subscribed to every alert. First throughput (signals applied per second from a burst,
 * against Kafka's own consumer reading the same topic), then the latency from a signal's record to
 * its webhook at a fixed rate. It isolates the last hop of the end-to-end benchmark.
 */
final class AlertsBenchmark {

    static final String NAME = "alerts";
    private static final Pattern CUSTOMER = Pattern.compile("\"customerId\"\\s*:\\s*\"(L-[^\"]+)\"");
    private static final Pattern APPLIED = Pattern.compile(
            "^ew_alerts_signals_total\\{[^}]*outcome=\"applied\"[^}]*} ([0-9.E]+)", Pattern.MULTILINE);

    private final Bench bench;
    private final Results results;
    private final int signals;
    private final int rate;
    private final Duration measure;

    AlertsBenchmark(Bench bench, Results results, int signals, int rate, Duration measure) {
        this.bench = bench;
        this.results = results;
        this.signals = signals;
        this.rate = rate;
        this.measure = measure;
    }

    void run() throws Exception {
        ServiceProcess service = bench.service("alert-service", "alert_service", Map.of(), "512m");
        HttpClient http = HttpClient.newHttpClient();
        Properties props = new Properties();
        props.put("bootstrap.servers", bench.platform.bootstrapServers());
        props.put("acks", "all");
        props.put("linger.ms", "5");
        try (WebhookReceiver receiver = WebhookReceiver.start(0);
             KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                     new StringSerializer())) {
            Bench.subscribeToEveryAlert(http, service.url(), receiver, bench.platform.tokens());
            AtomicLong webhooks = new AtomicLong();
            Map<String, Long> inFlight = new ConcurrentHashMap<>();
            Histogram latencyMicros = new Histogram(3);
            receiver.onReceive(received -> {
                long now = System.currentTimeMillis();
                webhooks.incrementAndGet();
                Matcher m = CUSTOMER.matcher(received.body());
                while (m.find()) {
                    Long sent = inFlight.remove(m.group(1));
                    if (sent != null) {
                        synchronized (latencyMicros) {
                            latencyMicros.recordValue(Math.max(1, (now - sent) * 1000));
                        }
                    }
                }
            });
            if (Boolean.getBoolean("bench.jfr")) {
                Bench.jcmd(service, "JFR.start", "settings=profile", "name=bench");
            }
            String run = UUID.randomUUID().toString().substring(0, 8);

            // Warm-up: a tenth of the burst, applied before anything is timed.
            burst(producer, "W-" + run, signals / 10);
            awaitApplied(http, service, signals / 10, Duration.ofMinutes(5));
            long before = applied(http, service);
            long webhooksBefore = webhooks.get();

            // Throughput: a burst of signals, timed from the first record sent to the last one applied.
            long started = System.nanoTime();
            burst(producer, "B-" + run, signals);
            boolean all = awaitApplied(http, service, before + signals, Duration.ofMinutes(10));
            double seconds = (System.nanoTime() - started) / 1e9;
            long done = applied(http, service) - before;
            awaitQuiet(webhooks, Duration.ofSeconds(3), Duration.ofMinutes(5));
            double webhookSeconds = (System.nanoTime() - started) / 1e9 - 3;
            long sentWebhooks = webhooks.get() - webhooksBefore;
            double consumer = KafkaTools.consumerMessagesPerSecond(bench.platform.bootstrapServers(),
                    Topics.CHURN_RISK_SIGNALS, signals);
            results.add(Figure.versus(NAME, "signals applied", done / seconds, "signals/s", consumer,
                    "ConsumerPerformance", Double.NaN));
            results.add(Figure.info(NAME, "webhooks sent", sentWebhooks / webhookSeconds, "webhooks/s"));
            results.note(String.format("alerts: a burst of %,d signals (%s applied) in %.1f s; %,d webhooks by %.1f s",
                    signals, all ? "all" : String.format("%,d", done), seconds, sentWebhooks, webhookSeconds));

            // Latency: new customers' critical signals at a fixed rate, record sent to webhook received.
            long count = measure.toSeconds() * rate;
            Acknowledgements acknowledgements = new Acknowledgements();
            long start = System.nanoTime();
            for (long i = 0; i < count; i++) {
                long wait = start + (long) (i * 1e9 / rate) - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                String customer = "L-" + run + "-" + i;
                inFlight.put(customer, System.currentTimeMillis());
                producer.send(new ProducerRecord<>(Topics.CHURN_RISK_SIGNALS, customer,
                        signal(customer, "RISK_RAISED", "last-contact-experience", "CRITICAL")), acknowledgements);
            }
            producer.flush();
            acknowledgements.verify("the latency signals");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!inFlight.isEmpty() && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(100);
            }
            if (Boolean.getBoolean("bench.debug")) {
                http.send(HttpRequest.newBuilder(URI.create(service.managementUrl() + "/q/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body().lines()
                        .filter(l -> l.startsWith("ew_alerts") && !l.contains("_bucket"))
                        .forEach(l -> System.out.println("alert-service " + l));
            }
            if (Boolean.getBoolean("bench.jfr")) {
                Bench.jcmd(service, "JFR.dump", "name=bench", "filename=" + bench.logDir.resolve("alerts.jfr"));
            }
            synchronized (latencyMicros) {
                boolean any = latencyMicros.getTotalCount() > 0;
                results.add(Figure.info(NAME, "signal to webhook p50",
                        any ? latencyMicros.getValueAtPercentile(50) / 1000.0 : Double.POSITIVE_INFINITY, "ms"));
                results.add(Figure.info(NAME, "signal to webhook p99",
                        any ? latencyMicros.getValueAtPercentile(99) / 1000.0 : Double.POSITIVE_INFINITY, "ms"));
            }
            results.note(String.format("alerts: %d signals/s for %d s, each a new customer's critical risk; %,d not "
                    + "delivered within 30 s", rate, measure.toSeconds(), inFlight.size()));
        } finally {
            service.close();
        }
    }

    /**
     * {@code count} signals over {@code count / 4} customers, as the scorer sends them: each
     * customer's risk raised, raised again (an escalation of the open alert), then another cause,
     * then recovered (which resolves both).
     */
    private static void burst(KafkaProducer<String, String> producer, String prefix, int count) {
        Acknowledgements acknowledgements = new Acknowledgements();
        String[] kinds = {"RISK_RAISED", "RISK_RAISED", "RISK_RAISED", "RECOVERED"};
        String[] causes = {"last-contact-experience", "last-contact-experience", "effort", "recovery"};
        String[] severities = {"WARNING", "CRITICAL", "WARNING", "INFO"};
        for (int i = 0; i < count; i++) {
            String customer = prefix + "-" + (i / 4);
            int step = i % 4;
            producer.send(new ProducerRecord<>(Topics.CHURN_RISK_SIGNALS, customer,
                    signal(customer, kinds[step], causes[step], severities[step])), acknowledgements);
        }
        producer.flush();
        acknowledgements.verify("the burst");
    }

    static String signal(String customer, String kind, String cause, String severity) {
        boolean recovered = kind.equals("RECOVERED");
        return """
                {"schemaVersion":1,"signalId":"%s","kind":"%s","customerId":"%s","segment":"retail","cause":"%s",\
                "severity":"%s","scoreBefore":%d,"scoreAfter":%d,"bandBefore":"%s","bandAfter":"%s","drivers":[\
                {"rule":"last-contact-experience","points":-22.5,"reason":"Last contact unresolved and negative",\
                "level":"CONTACT","eventIds":["e-%s-1"],"recommendedAction":"Call back today"},\
                {"rule":"effort","points":-12.0,"reason":"Three contacts about one question within 14 days",\
                "level":"JOURNEY","eventIds":["e-%s-2","e-%s-3","e-%s-4"]},\
                {"rule":"tenure","points":4.0,"reason":"Customer for 6 years","level":"RELATIONSHIP","eventIds":[]}],\
                "recommendedAction":"Call the customer back today","triggeringEventId":"e-%s-1","occurredAt":"%s",\
                "policyVersion":"2026.1"}""".formatted(UUID.randomUUID(), kind, customer, cause, severity,
                recovered ? 48 : 80, recovered ? 78 : 45, recovered ? "AT_RISK" : "HEALTHY",
                recovered ? "HEALTHY" : "AT_RISK", customer, customer, customer, customer, customer, Instant.now());
    }

    private static boolean awaitApplied(HttpClient http, ServiceProcess service, long target, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (applied(http, service) >= target) {
                return true;
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        return false;
    }

    private static long applied(HttpClient http, ServiceProcess service) throws Exception {
        String metrics = http.send(HttpRequest.newBuilder(URI.create(service.managementUrl() + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = APPLIED.matcher(metrics);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }

    /** Waits until the count has not moved for {@code quiet}. */
    private static void awaitQuiet(AtomicLong count, Duration quiet, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long last = count.get();
        long stableSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(100);
            long now = count.get();
            if (now != last) {
                last = now;
                stableSince = System.nanoTime();
            } else if (System.nanoTime() - stableSince >= quiet.toNanos()) {
                return;
            }
        }
    }
}
