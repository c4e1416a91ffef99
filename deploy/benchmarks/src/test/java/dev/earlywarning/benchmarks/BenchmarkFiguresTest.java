package dev.earlywarning.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkFiguresTest {

    @Test
    void readsTheProducerSummaryNotTheProgressLines() {
        List<String> out = List.of(
                "498433 records sent, 99666.6 records/sec (31.45 MB/sec), 180.2 ms avg latency, 420.0 ms max latency.",
                "1000000 records sent, 125810.3 records/sec (37.20 MB/sec), 160.11 ms avg latency, 512.00 ms max "
                        + "latency, 150 ms 50th, 300 ms 95th, 400 ms 99th, 480 ms 99.9th.");
        assertThat(KafkaTools.producerSummary(out)).isEqualTo(125810.3);
    }

    @Test
    void readsTheConsumersFetchRateByColumnName() {
        List<String> out = List.of("WARNING: something",
                "start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, "
                        + "fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec",
                "2026-11-22 23:40:01:100, 2026-11-22 23:40:03:300, 140.1, 63.7, 454768, 206712.7, 3021, 1181, 118.6, 385070.3");
        assertThat(KafkaTools.consumerSummary(out)).isEqualTo(385070.3);
    }

    @Test
    void withoutASummaryItSaysSo() {
        assertThatThrownBy(() -> KafkaTools.producerSummary(List.of("ERROR broker not available")))
                .hasMessageContaining("no summary");
    }

    @Test
    void aRatioTargetAndAMaximumTargetAreJudgedTheirOwnWay() {
        assertThat(Figure.versus("ingest", "x", 60, "events/s", 100, "base", 0.5).met()).isTrue();
        assertThat(Figure.versus("ingest", "x", 40, "events/s", 100, "base", 0.5).met()).isFalse();
        assertThat(Figure.atMost("e2e", "p50", 49, "ms", 50).met()).isTrue();
        assertThat(Figure.atMost("e2e", "p50", 51, "ms", 50).met()).isFalse();
        // Nothing measured (no probe arrived) is a miss, not a latency of zero.
        assertThat(Figure.atMost("e2e", "p50", Double.POSITIVE_INFINITY, "ms", 50).met()).isFalse();
        assertThat(Figure.info("scoring", "heap", 372, "MiB").met()).isTrue();
    }

    @Test
    void resultsAreWrittenAsATableAndAppendedToTheHistory(@TempDir Path dir) throws Exception {
        Results results = new Results();
        results.add(Figure.versus("ingest", "batches of 100 events/s", 21614, "events/s", 125810, "ProducerPerformance", 0.5));
        results.note("a note");
        results.write(dir, "ingest", "java -jar benchmarks-run.jar ingest", "2 cores");
        results.write(dir, "ingest", "java -jar benchmarks-run.jar ingest", "2 cores");
        String table = Files.readString(dir.resolve("results-ingest.md"));
        assertThat(table).contains("| ingest | batches of 100 events/s | 21,614 events/s | ProducerPerformance: 125,810 events/s "
                + "| 0.172 | ≥ 0.50 × baseline | **missed** |").contains("- a note");
        assertThat(Files.readAllLines(dir.resolve("history.csv"))).hasSize(3);
    }
}
