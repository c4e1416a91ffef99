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
    private final Duration warmUp;

    IngestBenchmark(Bench bench, Results results, Duration measure, Duration warmUp) {
        this.bench = bench;
        this.results = results;
        this.measure = measure;
        this.warmUp = warmUp;
    }

    void run() throws InterruptedException {
        String bootstrap = bench.platform.bootstrapServers();
        bench.createTopic("bench-raw", 6);
        // The load generator is one producer: its rate limit (5,000 events/s by default) is lifted, so
        // the benchmark measures what the service can take, not the limit.
        try (ServiceProcess ingest = bench.service("contact-ingest", null, Map.of(
                "INGEST_RATE_LIMIT_PER_SECOND", "100000000", "INGEST_RATE_LIMIT_BURST", "100000000"), "1g")) {
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

        // A fresh broker runs at half speed for minutes: warm it first.
        KafkaTools.producerRecordsPerSecond(bootstrap, "bench-raw", 1_000_000, recordSize);
        HttpLoad load = new HttpLoad(bench.platform.tokens().producer("simulator"));
        URI batch = URI.create(ingest.url() + "/events/batch");
        URI single = URI.create(ingest.url() + "/events");

        double before = KafkaTools.producerRecordsPerSecond(bootstrap, "bench-raw", 1_000_000, recordSize);
        // Profiling one mode: -Dbench.ingest.modes=single (or batch100, batch1000), comma-separated.
        java.util.Set<String> modes = java.util.Set.of(
                System.getProperty("bench.ingest.modes", "single,batch100,batch1000").split(","));
        HttpLoad.Outcome singles = !modes.contains("single") ? null : measured("single-event POST",
                (duration, offset) -> load.run(single, "application/json", 64, duration, 1,
                        n -> events.event(offset + n)), 1_000_000_000L);
        HttpLoad.Outcome batches100 = !modes.contains("batch100") ? null : measured("batches of 100",
                (duration, offset) -> load.run(batch, "application/json", 8, duration, 100,
                        n -> events.batch(offset + n * 100, 100)), 2_000_000_000L);
        HttpLoad.Outcome batches1000 = !modes.contains("batch1000") ? null : measured("batches of 1,000",
                (duration, offset) -> load.run(batch, "application/json", 4, duration, 1000,
                        n -> events.batch(offset + n * 1000, 1000)), 3_000_000_000L);
        double after = KafkaTools.producerRecordsPerSecond(bootstrap, "bench-raw", 1_000_000, recordSize);
        double baseline = (before + after) / 2;
        results.note(String.format("ingest: ProducerPerformance before %,.0f and after %,.0f records/s", before, after));

        report("single-event POST", singles, baseline, 0.15);
        report("batches of 100", batches100, baseline, 0.5);
        report("batches of 1,000", batches1000, baseline, 0.5);
    }

    private interface Run {
        HttpLoad.Outcome run(Duration duration, long firstEvent) throws InterruptedException;
    }

    /**
     * Runs one mode for the warm-up (the service's JIT compilers still take a good part of the CPU
     * long after start), then measures it, noting where the machine's CPU went meanwhile.
     */
    private HttpLoad.Outcome measured(String mode, Run run, long firstEvent) throws InterruptedException {
        run.run(warmUp, firstEvent + 500_000_000L);
        CpuAccount cpu = CpuAccount.start();
        HttpLoad.Outcome outcome = run.run(measure, firstEvent);
        results.note(cpu.note("ingest " + mode + " CPU", outcome.seconds()));
        results.note(cpu.perItem("ingest " + mode + " CPU per event accepted", outcome.events()));
        return outcome;
    }

    private void report(String mode, HttpLoad.Outcome outcome, double baseline, double target) {
        if (outcome == null) {
            return;
        }
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
