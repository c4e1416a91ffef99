package dev.earlywarning.benchmarks;

import dev.earlywarning.platform.ServiceProcess;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * Events/s accepted by contact-ingest (acks=all) for single-event POSTs and batches of 100 and
 * 1,000, against Kafka's ProducerPerformance (same record size, acks=all) on the same broker, in
 * the same run: the baseline is measured before and after the HTTP runs and averaged.
 */
final class IngestBenchmark {

    static final String NAME = "ingest";

    private final Bench bench;
    private final Results results;
    private final Duration measure;

    IngestBenchmark(Bench bench, Results results, Duration measure) {
        this.bench = bench;
        this.results = results;
        this.measure = measure;
    }

    void run() throws InterruptedException {
        String bootstrap = bench.platform.bootstrapServers();
        bench.createTopic("bench-raw", 6);
        try (ServiceProcess ingest = bench.service("contact-ingest", null, Map.of(), "1g")) {
            measure(bootstrap, ingest);
        }
    }

    private void measure(String bootstrap, ServiceProcess ingest) throws InterruptedException {
        Events events = Events.simulated(20_000, 365, "bench-" + UUID.randomUUID().toString().substring(0, 8));
        // The canonical record adds schemaVersion and receivedAt (about 55 bytes) to what was posted.
        int recordSize = (int) Math.round(events.averageBytes() + 55);
        results.note(String.format("ingest: %,d distinct simulated events, %d bytes per canonical record; "
                + "load from Vert.x's HTTP client (HTTP/1.1, one connection per slot, one event loop) in the benchmark JVM on the same machine", events.size(),
                recordSize));

        // A fresh broker runs at half speed for minutes: warm it, and the service, first.
        KafkaTools.producerRecordsPerSecond(bootstrap, "bench-raw", 1_000_000, recordSize);
        HttpLoad load = new HttpLoad();
        URI batch = URI.create(ingest.url() + "/events/batch");
        URI single = URI.create(ingest.url() + "/events");
        load.run(batch, "application/json", 4, Duration.ofSeconds(15), 100, n -> events.batch(n * 100, 100));
        load.run(single, "application/json", 32, Duration.ofSeconds(10), 1, events::event);

        double before = KafkaTools.producerRecordsPerSecond(bootstrap, "bench-raw", 1_000_000, recordSize);
        HttpLoad.Outcome singles = measured("single-event POST", () -> load.run(single, "application/json", 64,
                measure, 1, n -> events.event(1_000_000_000L + n)));
        HttpLoad.Outcome batches100 = measured("batches of 100", () -> load.run(batch, "application/json", 8,
                measure, 100, n -> events.batch(2_000_000_000L + n * 100, 100)));
        HttpLoad.Outcome batches1000 = measured("batches of 1,000", () -> load.run(batch, "application/json", 4,
                measure, 1000, n -> events.batch(3_000_000_000L + n * 1000, 1000)));
        double after = KafkaTools.producerRecordsPerSecond(bootstrap, "bench-raw", 1_000_000, recordSize);
        double baseline = (before + after) / 2;
        results.note(String.format("ingest: ProducerPerformance before %,.0f and after %,.0f records/s", before, after));

        report("single-event POST", singles, baseline, 0.15);
        report("batches of 100", batches100, baseline, 0.5);
        report("batches of 1,000", batches1000, baseline, 0.5);
    }

    private interface Run {
        HttpLoad.Outcome run() throws InterruptedException;
    }

    /** Runs one mode and notes where the machine's CPU went meanwhile. */
    private HttpLoad.Outcome measured(String mode, Run run) throws InterruptedException {
        CpuAccount cpu = CpuAccount.start();
        HttpLoad.Outcome outcome = run.run();
        results.note(cpu.note("ingest " + mode + " CPU", outcome.seconds()));
        return outcome;
    }

    private void report(String mode, HttpLoad.Outcome outcome, double baseline, double target) {
        results.add(Figure.versus(NAME, mode + " events/s", outcome.eventsPerSecond(), "events/s", baseline,
                "ProducerPerformance", target));
        results.add(Figure.info(NAME, mode + " request latency p50", outcome.latencyMicros().getValueAtPercentile(50)
                / 1000.0, "ms"));
        results.add(Figure.info(NAME, mode + " request latency p99", outcome.latencyMicros().getValueAtPercentile(99)
                / 1000.0, "ms"));
        if (outcome.failures() > 0) {
            results.note(String.format("ingest %s: %d of %d requests failed", mode, outcome.failures(),
                    outcome.requests()));
        }
    }
}
