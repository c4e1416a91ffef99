package dev.earlywarning.scorer.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ConsumptionStallTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void stalledWhenNothingWasScoredForLongAndRecordsWait() {
        assertThat(ConsumptionStall.lagWhileStalled(Duration.ofSeconds(61), TIMEOUT, Map.of(0, 100L, 1, 50L),
                Map.of(0, 100L, 1, 80L))).containsExactly(Map.entry(1, 30L));
    }

    @Test
    void anIdleScorerWithNothingToReadIsNotStalled() {
        assertThat(ConsumptionStall.lagWhileStalled(Duration.ofHours(2), TIMEOUT, Map.of(0, 100L),
                Map.of(0, 100L))).isEmpty();
    }

    @Test
    void aRecentBatchMeansConsumptionGoesOnWhateverTheLag() {
        assertThat(ConsumptionStall.lagWhileStalled(Duration.ofSeconds(5), TIMEOUT, Map.of(0, 10L),
                Map.of(0, 1_000_000L))).isEmpty();
    }

    @Test
    void aPartitionNeverScoredCountsFromTheStart() {
        assertThat(ConsumptionStall.lagWhileStalled(Duration.ofMinutes(5), TIMEOUT, Map.of(),
                Map.of(3, 7L))).containsExactly(Map.entry(3, 7L));
    }
}
