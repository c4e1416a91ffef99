package dev.earlywarning.scorer.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

class StoreLivenessTest {

    @Test
    void aStoreRunningLongerThanTheTimeoutIsDown() {
        HealthCheckResponse stalled = new StoreLiveness(() -> Duration.ofMinutes(6), Duration.ofMinutes(5)).call();
        assertThat(stalled.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(stalled.getData().orElseThrow()).containsEntry("pendingStoreMillis", 360_000L);
    }

    @Test
    void noPendingStoreOrAShortOneIsUp() {
        assertThat(new StoreLiveness(() -> Duration.ZERO, Duration.ofMinutes(5)).call().getStatus())
                .isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(new StoreLiveness(() -> Duration.ofSeconds(3), Duration.ofMinutes(5)).call().getStatus())
                .isEqualTo(HealthCheckResponse.Status.UP);
    }
}
