package dev.earlywarning.scorer.service;

import java.time.Duration;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Down when a store of scored state has run longer than {@code scorer.store-stall-timeout}. A
 * failing store retries on its own (and logs why); one that never answers would hold the
 * partitions still with nothing in the logs, so it is made visible here, where an orchestrator
 * restarts the instance and it resumes from the stored offsets.
 */
@Liveness
@ApplicationScoped
public class StoreLiveness implements HealthCheck {

    private final Supplier<Duration> pendingStoreAge;
    private final Duration stallTimeout;

    @Inject
    public StoreLiveness(ScoringService scoring, ScorerConfig config) {
        this(scoring::pendingStoreAge, config.storeStallTimeout());
    }

    StoreLiveness(Supplier<Duration> pendingStoreAge, Duration stallTimeout) {
        this.pendingStoreAge = pendingStoreAge;
        this.stallTimeout = stallTimeout;
    }

    @Override
    public HealthCheckResponse call() {
        Duration pending = pendingStoreAge.get();
        return HealthCheckResponse.named("State store").status(pending.compareTo(stallTimeout) <= 0)
                .withData("pendingStoreMillis", pending.toMillis())
                .withData("stallTimeoutMillis", stallTimeout.toMillis())
                .build();
    }
}
