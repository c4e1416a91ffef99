package dev.earlywarning.benchmarks;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.earlywarning.platform.ServiceProcess;
import dev.earlywarning.scorer.domain.ChurnRiskDetector;
import dev.earlywarning.scorer.domain.ContactFact;
import dev.earlywarning.scorer.domain.HealthScorer;
import dev.earlywarning.scorer.domain.PolicyBook;
import dev.earlywarning.scorer.domain.ScoringEngine;
import dev.earlywarning.scorer.kafka.ContactEventMapper;
import dev.earlywarning.scorer.kafka.ContactEventRecord;
import dev.earlywarning.scorer.policy.PolicyLoader;
import dev.earlywarning.simulator.ContactEvent;
import dev.earlywarning.simulator.Output;
import dev.earlywarning.simulator.SimulationConfig;
import dev.earlywarning.simulator.Simulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sustained events/s through health-scorer (consume, score, publish, persist state and offsets)
 * from a pre-filled topic of simulator events, against ConsumerPerformance on the same topic in
 * the same run; then the state reload time after a restart, and heap, for the customers scored
 * and for ten times as many.
 */
final class ScoringBenchmark {

    static final String NAME = "scoring";
    private static final String TOPIC = "bench-contact-events";
    private static final String DATABASE = "bench_scorer";
    private static final double SUSTAINED_FROM = 0.5;
    private static final double SUSTAINED_TO = 0.9;
    private static final Pattern LOADED = Pattern.compile("(\\d+) customers loaded in (\\d+) ms");

    private final Bench bench;
    private final Results results;
    private final int customers;
    private final int days;

    ScoringBenchmark(Bench bench, Results results, int customers, int days) {
        this.bench = bench;
        this.results = results;
        this.customers = customers;
        this.days = days;
    }

    void run() throws Exception {
        String bootstrap = bench.platform.bootstrapServers();
        bench.createTopic(TOPIC, 6);
        long total = prefill(bootstrap);
        // The scorer's own engine alone on one thread of this JVM: what one scoring thread can do at
        // best, with nothing published or stored.
        double alone = engineAlone();
        results.add(Figure.info(NAME, "scoring alone in memory, one thread (parse, score, snapshot; "
                + "nothing published or stored)", alone, "events/s"));
        results.note(String.format("scoring: the engine alone takes %.1f µs of one core per event", 1e6 / alone));
        wireEvents = null;
        // Warm the broker's read path, then the baselines: Kafka's consumer on this very topic, and
        // (the target's yardstick) Kafka's producer with records of the same size.
        KafkaTools.consumerMessagesPerSecond(bootstrap, TOPIC, total);
        double consumer = KafkaTools.consumerMessagesPerSecond(bootstrap, TOPIC, total);
        bench.createTopic("bench-raw-scoring", 6);
        KafkaTools.producerRecordsPerSecond(bootstrap, "bench-raw-scoring", 1_000_000, recordSize);
        double producer = KafkaTools.producerRecordsPerSecond(bootstrap, "bench-raw-scoring", 1_000_000, recordSize);

        Map<String, String> env = Map.of("MP_MESSAGING_INCOMING_CONTACT_EVENTS_TOPIC", TOPIC,
                "SCORER_CLOCK", "event-time");
        ServiceProcess scorer = bench.service("health-scorer", DATABASE, env, "1g");
        double[] rates = awaitConsumed(total, Duration.ofMinutes(20));
        results.add(Figure.versus(NAME, "sustained events/s (state, history and offsets stored)", rates[0],
                "events/s", producer, "ProducerPerformance", 0.25));
        results.add(new Figure(NAME, "sustained events/s against Kafka's consumer", rates[0], "events/s", consumer,
                "ConsumerPerformance", Double.NaN, false));
        results.add(Figure.info(NAME, "events/s from first to last stored offset", rates[1], "events/s"));
        scorer.close();

        long scored = count("select count(*) from customer_health");
        reload(env, scored, "1g");
        // At least a million customers: copies of the scored ones under new ids. The heap is the
        // target's 1 GiB, so finishing the reload is itself the proof; the figure says how much is used.
        long perCopy = Math.max(1, scored);
        replicate((int) Math.max(1, (1_000_000L + perCopy - 1) / perCopy - 1));
        reload(env, count("select count(*) from customer_health"), "1g");
    }

    private int recordSize;
    /** The pre-filled records' values, in topic order, for the engine-alone figure. */
    private List<String> wireEvents;

    private long prefill(String bootstrap) throws Exception {
        SimulationConfig config = SimulationConfig.defaults().withCustomers(customers)
                .withPeriod(Instant.parse("2025-01-01T00:00:00Z"), days);
        List<ContactEvent> events = Output.timeOrdered(new Simulator(config).population(true).toList(), Duration.ZERO);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        long bytes = 0;
        wireEvents = new ArrayList<>(events.size());
        Acknowledgements acknowledgements = new Acknowledgements();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (ContactEvent event : events) {
                String json = Output.json(event);
                bytes += json.length();
                wireEvents.add(json);
                producer.send(new ProducerRecord<>(TOPIC, event.customerId(), json), acknowledgements);
            }
            producer.flush();
        }
        acknowledgements.verify("the scoring topic");
        recordSize = (int) (bytes / Math.max(1, events.size()));
        results.note(String.format("scoring: topic pre-filled with %,d simulator events of %,d customers over %d days",
                events.size(), customers, days));
        return events.size();
    }

    /**
     * Events/s of the scorer's engine fed as the service feeds it (records parsed with Jackson, then
     * batches of 2,000 applied, timers advanced to each batch's newest event time): two passes to
     * warm up, the third measured, each with a fresh engine.
     */
    private double engineAlone() throws IOException {
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        PolicyBook policies = PolicyLoader.builtIn();
        double rate = 0;
        long outcomes = 0;
        for (int pass = 0; pass < 3; pass++) {
            ScoringEngine engine = new ScoringEngine(policies, HealthScorer.withAllRules(), new ChurnRiskDetector());
            outcomes = 0;
            long started = System.nanoTime();
            Instant watermark = Instant.EPOCH;
            for (int i = 0; i < wireEvents.size(); i++) {
                ContactFact fact = ContactEventMapper.toFact(json.readValue(wireEvents.get(i), ContactEventRecord.class));
                outcomes += engine.apply(fact).size();
                watermark = fact.occurredAt().isAfter(watermark) ? fact.occurredAt() : watermark;
                if (i % 2_000 == 1_999) {
                    outcomes += engine.advanceTo(watermark).size();
                }
            }
            rate = wireEvents.size() / ((System.nanoTime() - started) / 1e9);
        }
        if (outcomes < wireEvents.size() / 2) {
            throw new IllegalStateException("The engine assessed only " + outcomes + " times for "
                    + wireEvents.size() + " events");
        }
        return rate;
    }

    /**
     * Waits until every offset is stored; returns {sustained rate, first-to-last rate}. Sustained is
     * measured from half the topic to 90% of it: the first half warms the scorer up (over 20–80% of
     * a shorter topic its JIT compilers still took a third of its CPU).
     */
    private double[] awaitConsumed(long total, Duration timeout) throws Exception {
        List<long[]> samples = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        long stored = 0;
        // Where the CPU goes over the sustained window, in all and per event.
        CpuAccount cpu = null;
        long cpuFrom = 0;
        long storedFrom = 0;
        while (stored < total && System.nanoTime() < deadline) {
            stored = count("select coalesce(sum(next_offset), 0) from consumed_offset where topic = '" + TOPIC + "'");
            samples.add(new long[] {System.nanoTime(), stored});
            if (cpu == null && stored >= SUSTAINED_FROM * total) {
                cpu = CpuAccount.start();
                cpuFrom = System.nanoTime();
                storedFrom = stored;
            } else if (cpu != null && cpuFrom > 0 && stored >= SUSTAINED_TO * total) {
                results.note("scoring: " + cpu.note("sustained window", (System.nanoTime() - cpuFrom) / 1e9));
                results.note("scoring: " + cpu.perItem("CPU per event scored in the sustained window", stored - storedFrom));
                cpuFrom = 0;
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        if (stored < total) {
            results.note(String.format("scoring: only %,d of %,d events stored within %s", stored, total, timeout));
        }
        long[] first = samples.stream().filter(s -> s[1] > 0).findFirst().orElse(samples.get(0));
        long[] last = samples.get(samples.size() - 1);
        long[] from = samples.stream().filter(s -> s[1] >= SUSTAINED_FROM * total).findFirst().orElse(first);
        long[] to = samples.stream().filter(s -> s[1] >= SUSTAINED_TO * total).findFirst().orElse(last);
        double sustained = (to[1] - from[1]) / Math.max(1e-9, (to[0] - from[0]) / 1e9);
        double overall = (last[1] - first[1]) / Math.max(1e-9, (last[0] - first[0]) / 1e9);
        return new double[] {sustained, overall};
    }

    private void reload(Map<String, String> env, long rows, String heap) throws Exception {
        long started = System.nanoTime();
        ServiceProcess scorer = bench.service("health-scorer", null, Map.of("DB_NAME", DATABASE,
                "MP_MESSAGING_INCOMING_CONTACT_EVENTS_TOPIC", TOPIC, "SCORER_CLOCK", "event-time"), heap);
        double toReady = (System.nanoTime() - started) / 1e9;
        // The load runs when the partitions are assigned, which may come just after readiness.
        long loadedMs = -1;
        long loadedCustomers = 0;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (loadedMs < 0 && System.nanoTime() < deadline) {
            Matcher m = LOADED.matcher(Files.readString(scorer.logFile()));
            while (m.find()) {
                loadedCustomers += Long.parseLong(m.group(1));
                loadedMs = Math.max(loadedMs, Long.parseLong(m.group(2)));
            }
            if (loadedMs < 0) {
                TimeUnit.MILLISECONDS.sleep(200);
            }
        }
        String label = String.format("%,d customers", rows);
        if (loadedMs < 0) {
            results.note("scoring: the reload of " + label + " did not finish; see " + scorer.logFile());
        } else {
            results.add(rows >= 1_000_000
                    ? Figure.atMost(NAME, "state reload, " + label, loadedMs / 1000.0, "s", 30)
                    : Figure.info(NAME, "state reload, " + label, loadedMs / 1000.0, "s"));
            results.add(Figure.info(NAME, "start to ready, " + label, toReady, "s"));
            double heapMiB = heapAfterGc(scorer) / (1024.0 * 1024);
            results.add(rows >= 1_000_000
                    ? Figure.atMost(NAME, "heap after GC, " + label, heapMiB, "MiB", 1024)
                    : Figure.info(NAME, "heap after GC, " + label, heapMiB, "MiB"));
            results.add(Figure.info(NAME, "heap per 100,000 customers (from " + label + ")",
                    heapMiB / (loadedCustomers / 100_000.0), "MiB"));
        }
        scorer.close();
    }

    private long heapAfterGc(ServiceProcess scorer) throws IOException, InterruptedException {
        Bench.jcmd(scorer, "GC.run");
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(scorer.managementUrl() + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        double used = 0;
        for (String line : metrics.body().split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                used += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return (long) used;
    }

    /**
     * Adds {@code copies} copies of every stored customer under new ids, for the reload at scale. The
     * snapshot does not hold the customer id (the row's key does), so it is copied as it is.
     */
    private void replicate(int copies) throws SQLException {
        try (Connection c = connection(); Statement s = c.createStatement()) {
            s.execute("""
                    INSERT INTO customer_health (customer_id, segment, score, band, confidence, policy_version,
                        assessed_at, snapshot, assessment, kafka_partition)
                    SELECT h.customer_id || '-r' || g, h.segment, h.score, h.band, h.confidence, h.policy_version,
                        h.assessed_at, h.snapshot, h.assessment, h.kafka_partition
                    FROM customer_health h CROSS JOIN generate_series(1, %d) g
                    WHERE h.customer_id NOT LIKE '%%-r%%'""".formatted(copies));
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection c = connection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private Connection connection() throws SQLException {
        var pg = bench.platform.postgres();
        return DriverManager.getConnection(pg.jdbcUrl(DATABASE), pg.user(), pg.password());
    }
}
