package dev.earlywarning.scorer.service;

import java.util.Optional;

import dev.earlywarning.scorer.domain.ChurnRiskSignal;
import dev.earlywarning.scorer.domain.HealthAssessment;

/** Publishes a customer's new health and, if any, its churn-risk signal; completes on the broker's acknowledgement. */
public interface HealthPublisher {

    io.smallrye.mutiny.Uni<Void> publish(String customerId, String segment, HealthAssessment assessment, String eventId,
                                         boolean scoreChanged, Optional<ChurnRiskSignal> signal);
}
