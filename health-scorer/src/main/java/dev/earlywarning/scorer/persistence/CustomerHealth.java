package dev.earlywarning.scorer.persistence;

import java.time.Instant;

import dev.earlywarning.scorer.domain.Band;
import dev.earlywarning.scorer.domain.HealthAssessment;

/**
 * One customer's row: its current health (the columns the REST queries filter and sort on, and the
 * assessment as JSON), and the customer as the engine keeps it ({@code snapshot},
 * {@link dev.earlywarning.scorer.domain.StateCodec}), on the partition that owns it.
 *
 * @param assessment the assessment as JSON ({@link StateStore#json}): written once, for this row and
 *        the history row of the same assessment
 */
public record CustomerHealth(String customerId, String segment, int score, Band band, double confidence,
                             String policyVersion, Instant assessedAt, byte[] snapshot, String assessment,
                             int kafkaPartition) {

    public static CustomerHealth of(int partition, String customerId, String segment, HealthAssessment health,
                                    String assessmentJson, byte[] snapshot) {
        return new CustomerHealth(customerId, segment, health.score(), health.band(), health.confidence(),
                health.policyVersion(), health.assessedAt(), snapshot, assessmentJson, partition);
    }
}
