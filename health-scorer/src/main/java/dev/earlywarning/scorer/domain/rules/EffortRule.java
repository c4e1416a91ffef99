package dev.earlywarning.scorer.domain.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.earlywarning.scorer.domain.Driver;
import dev.earlywarning.scorer.domain.Level;
import dev.earlywarning.scorer.domain.RelationshipState;
import dev.earlywarning.scorer.domain.Rule;
import dev.earlywarning.scorer.domain.ScoringPolicy;

/** Customer Effort Score of recent interactions: high effort erodes loyalty (seed 004). */
public final class EffortRule implements Rule {

    public static final String NAME = "effort";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<Driver> evaluate(RelationshipState state, Instant now, ScoringPolicy policy) {
        if (state.efforts().isEmpty()) {
            return Optional.empty();
        }
        ScoringPolicy.Effort p = policy.effort();
        double weighted = 0;
        double weights = 0;
        for (RelationshipState.Effort effort : state.efforts()) {
            double w = ScoringPolicy.decay(Duration.between(effort.at(), now), p.halfLife());
            weighted += effort.score() * w;
            weights += w;
        }
        double average = weighted / weights;
        double excess = Math.max(0, average - p.neutral());
        RelationshipState.Effort newest = state.efforts().get(state.efforts().size() - 1);
        // Rising effort: the newest answer at least two steps above the one before.
        boolean rising = state.efforts().size() > 1
                && newest.score() - state.efforts().get(state.efforts().size() - 2).score() >= 2;
        if (excess == 0 && !rising) {
            return Optional.empty();
        }
        // The weighted average alone would let an old answer count fully; scale by the newest answer's age.
        double freshness = ScoringPolicy.decay(Duration.between(newest.at(), now), p.halfLife());
        double points = ScoringPolicy.round((excess * p.pointsPerStep() + (rising ? p.pointsPerStep() / 2 : 0))
                * freshness);
        List<String> ids = state.efforts().stream().map(RelationshipState.Effort::eventId).toList();
        return Optional.of(new Driver(NAME, points, String.format(Locale.ROOT,
                "Average effort score %.1f of 7 over %d answer(s)%s", average, state.efforts().size(),
                rising ? ", rising" : ""), Level.JOURNEY, ids,
                "Take the effort away: solve it for the customer in one contact"));
    }
}
