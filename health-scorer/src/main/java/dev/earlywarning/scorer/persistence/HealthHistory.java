package dev.earlywarning.scorer.persistence;

import java.time.Instant;

import dev.earlywarning.scorer.domain.Band;
import dev.earlywarning.scorer.domain.ContactFact;
import dev.earlywarning.scorer.domain.HealthAssessment;

/**
 * One scored change in a customer's history.
 *
 * @param cause what changed the score: an event id, or {@code timer@<time>}
 * @param assessment the assessment as JSON ({@link StateStore#json})
 * @param event the event that changed it, as the scorer read it (null for a timer, and in rows of before V7)
 */
public record HealthHistory(String customerId, String cause, int score, Band band, Instant assessedAt,
                            String assessment, ContactFact event) {

    public static HealthHistory of(String customerId, String cause, HealthAssessment health, String assessmentJson,
                                   ContactFact event) {
        return new HealthHistory(customerId, cause, health.score(), health.band(), health.assessedAt(), assessmentJson,
                event);
    }
}
