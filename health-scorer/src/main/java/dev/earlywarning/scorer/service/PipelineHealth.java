package dev.earlywarning.scorer.service;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Whether scoring makes progress: not ready from the first failed attempt to publish or store a
 * batch until one succeeds, so a load balancer and an SRE see at once what used to show only as a
 * liveness failure after minutes. Liveness stays with what a restart cures ({@link StoreLiveness}).
 * The gauge {@code ew_scorer_pipeline_failing{stage}} says which stage is failing.
 */
@ApplicationScoped
public class PipelineHealth {

    private record Failure(Instant since, String reason) {
    }

    private final AtomicReference<Failure> publishing = new AtomicReference<>();
    private final AtomicReference<Failure> storing = new AtomicReference<>();
    private final Clock clock;

    public PipelineHealth(MeterRegistry registry, Clock clock) {
        this.clock = clock;
        Gauge.builder("ew.scorer.pipeline.failing", publishing, f -> f.get() == null ? 0 : 1).tag("stage", "publish")
                .description("1 while the scorer's attempts at this stage fail (it retries)").register(registry);
        Gauge.builder("ew.scorer.pipeline.failing", storing, f -> f.get() == null ? 0 : 1).tag("stage", "store")
                .description("1 while the scorer's attempts at this stage fail (it retries)").register(registry);
    }

    void publishFailed(Throwable e) {
        publishing.compareAndSet(null, new Failure(clock.instant(), String.valueOf(e.getMessage())));
    }

    void publishSucceeded() {
        publishing.set(null);
    }

    void storeFailed(Throwable e) {
        storing.compareAndSet(null, new Failure(clock.instant(), String.valueOf(e.getMessage())));
    }

    void storeSucceeded() {
        storing.set(null);
    }

    public boolean failing() {
        return publishing.get() != null || storing.get() != null;
    }

    /** The readiness check's answer. */
    HealthCheckResponse check() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("Scoring pipeline").status(!failing());
        add(response, "publish", publishing.get());
        add(response, "store", storing.get());
        return response.build();
    }

    private static void add(HealthCheckResponseBuilder response, String stage, Failure failure) {
        if (failure != null) {
            response.withData(stage + "FailingSince", failure.since().toString());
            response.withData(stage + "Reason", failure.reason());
        }
    }
}

/** Readiness of the scoring pipeline ({@link PipelineHealth}). */
@Readiness
@ApplicationScoped
class PipelineReadiness implements HealthCheck {

    private final PipelineHealth health;

    PipelineReadiness(PipelineHealth health) {
        this.health = health;
    }

    @Override
    public HealthCheckResponse call() {
        return health.check();
    }
}
