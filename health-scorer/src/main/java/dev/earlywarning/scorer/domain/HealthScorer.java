package dev.earlywarning.scorer.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Computes an explainable health score: 100 plus the rules' contributions, clamped to 0-100. */
public final class HealthScorer {

    private static final double BASELINE = 100;

    private final List<Rule> rules;

    public HealthScorer(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The rules of the walking skeleton; later rules join this list. */
    public static HealthScorer withDefaultRules() {
        return new HealthScorer(List.of(new LastContactExperienceRule(), new EffortRule()));
    }

    public HealthAssessment assess(RelationshipState state, Instant now, ScoringPolicy policy) {
        List<Driver> drivers = new ArrayList<>();
        for (Rule rule : rules) {
            rule.evaluate(state, now, policy).ifPresent(drivers::add);
        }
        drivers.sort(Comparator.comparingDouble(Driver::points));
        double total = BASELINE + drivers.stream().mapToDouble(Driver::points).sum();
        int score = (int) Math.round(Math.max(0, Math.min(100, total)));
        double confidence = Math.min(1.0, (double) state.eventCount() / policy.fullConfidenceEvents());
        return new HealthAssessment(score, policy.band(score), List.copyOf(drivers),
                Math.round(confidence * 100) / 100.0, policy.version(), now);
    }
}
