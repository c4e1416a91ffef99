package dev.earlywarning.scorer.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Customer Effort Score of recent interactions: high effort erodes loyalty (seed 004). */
public final class EffortRule implements Rule {

    public static final String NAME = "effort";

    @Override
    public Optional<Driver> evaluate(RelationshipState state, Instant now, ScoringPolicy policy) {
        if (state.efforts().isEmpty()) {
            return Optional.empty();
        }
        double weighted = 0;
        double weights = 0;
        for (RelationshipState.Effort effort : state.efforts()) {
            double w = ScoringPolicy.decay(Duration.between(effort.at(), now), policy.effortHalfLife());
            weighted += effort.score() * w;
            weights += w;
        }
        double average = weighted / weights;
        double excess = Math.max(0, average - policy.effortNeutral());
        // The decayed average alone would let an old answer count fully; scale by the newest answer's weight.
        RelationshipState.Effort newest = state.efforts().get(state.efforts().size() - 1);
        double freshness = ScoringPolicy.decay(Duration.between(newest.at(), now), policy.effortHalfLife());
        double points = LastContactExperienceRule.round(excess * policy.effortPointsPerStep() * freshness);
        List<String> ids = state.efforts().stream().map(RelationshipState.Effort::eventId).toList();
        String reason = String.format(java.util.Locale.ROOT, "Average effort score %.1f of 7 over %d answer(s)",
                average, state.efforts().size());
        return Optional.of(new Driver(NAME, points, reason, Level.JOURNEY, ids,
                points < 0 ? "Take the effort away: solve it for the customer in one contact" : "No action needed"));
    }
}
