package dev.earlywarning.scorer.service;

import java.util.List;

import dev.earlywarning.scorer.domain.ScoringEngine;

/** Publishes what changed: health updates and churn-risk signals. */
public interface HealthPublisher {

    /** Returns when the broker acknowledged every record; throws when one could not be written. Blocks. */
    void publish(List<ScoringEngine.Outcome> outcomes);
}
