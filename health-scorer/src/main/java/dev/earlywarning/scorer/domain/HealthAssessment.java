package dev.earlywarning.scorer.domain;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A customer's health at one moment: 0-100 (higher is healthier), its band, the drivers that make
 * it (most negative first), how much evidence it stands on (0-1), the policy that produced it, and
 * the churn risk beside the score (null in snapshots stored before the risk model).
 */
public record HealthAssessment(int score, Band band, List<Driver> drivers, double confidence, String policyVersion,
                               Instant assessedAt, Risk risk) {

    public HealthAssessment(int score, Band band, List<Driver> drivers, double confidence, String policyVersion,
                            Instant assessedAt) {
        this(score, band, drivers, confidence, policyVersion, assessedAt, null);
    }

    public HealthAssessment withRisk(Risk churnRisk) {
        return new HealthAssessment(score, band, drivers, confidence, policyVersion, assessedAt, churnRisk);
    }

    /** Whether the customer stood above the alert line (see {@link Risk#alerting()}). */
    public boolean alerting() {
        return risk != null && risk.alerting();
    }

    /** The driver that lowers health most, if any lowers it. */
    public Optional<Driver> topNegativeDriver() {
        return drivers.stream().filter(d -> d.points() < 0).min(Comparator.comparingDouble(Driver::points));
    }
}
