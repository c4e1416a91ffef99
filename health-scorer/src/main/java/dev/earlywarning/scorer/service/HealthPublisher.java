package dev.earlywarning.scorer.service;

import java.util.List;

import dev.earlywarning.scorer.domain.ScoringEngine;
import io.smallrye.mutiny.Uni;

/** Publishes what changed: health updates and churn-risk signals; completes on the broker's acknowledgement. */
public interface HealthPublisher {

    Uni<Void> publish(List<ScoringEngine.Outcome> outcomes);

    /**
     * For each erased customer: a tombstone on the compacted health topic and its ERASED signal,
     * both after everything published for it before.
     */
    Uni<Void> publishErasures(List<dev.earlywarning.scorer.domain.ChurnRiskSignal> erased);
}
