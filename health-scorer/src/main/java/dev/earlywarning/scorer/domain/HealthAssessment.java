package dev.earlywarning.scorer.domain;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A customer's health at one moment: 0-100 (higher is healthier), its band, the drivers that make
 * it (most negative first), how much evidence it stands on (0-1), and the policy that produced it.
 */
public record HealthAssessment(int score, Band band, List<Driver> drivers, double confidence, String policyVersion,
                               Instant assessedAt) {

    /** The driver that lowers health most, if any lowers it. */
    public Optional<Driver> topNegativeDriver() {
        return drivers.stream().filter(d -> d.points() < 0).min(Comparator.comparingDouble(Driver::points));
    }
}
