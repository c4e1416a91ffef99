package dev.earlywarning.scorer.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import dev.earlywarning.scorer.domain.rules.ComplaintRule;
import dev.earlywarning.scorer.domain.rules.EffortRule;
import dev.earlywarning.scorer.domain.rules.ExitIntentRule;
import dev.earlywarning.scorer.domain.rules.LastContactExperienceRule;
import dev.earlywarning.scorer.domain.rules.OverContactRule;
import dev.earlywarning.scorer.domain.rules.PromiseRule;
import dev.earlywarning.scorer.domain.rules.RepeatContactRule;
import dev.earlywarning.scorer.domain.rules.ResponsivenessRule;
import dev.earlywarning.scorer.domain.rules.SilenceRule;
import dev.earlywarning.scorer.domain.rules.VoiceOfCustomerRule;

/**
 * Computes an explainable health score: 100 plus the rules' contributions, clamped to 0-100. The
 * drivers are listed most negative first; their points add up to the score (before clamping).
 */
public final class HealthScorer {

    public static final double BASELINE = 100;

    private final List<Rule> rules;

    public HealthScorer(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** Every indicator of the domain page. */
    public static HealthScorer withAllRules() {
        List<Rule> indicators = List.of(new LastContactExperienceRule(), new EffortRule(), new RepeatContactRule(),
                new ResponsivenessRule(), new PromiseRule(), new ComplaintRule(), new SilenceRule(),
                new OverContactRule(), new VoiceOfCustomerRule());
        List<Rule> all = new ArrayList<>(indicators);
        all.add(new ExitIntentRule(indicators));
        return new HealthScorer(all);
    }

    public List<Rule> rules() {
        return rules;
    }

    /** The health at {@code now}; {@code before} is the band before, for hysteresis (null if none). */
    public HealthAssessment assess(RelationshipState state, Instant now, ScoringPolicy policy, Band before) {
        List<Driver> drivers = new ArrayList<>();
        for (Rule rule : rules) {
            rule.evaluate(state, now, policy).ifPresent(drivers::add);
        }
        drivers.sort(Comparator.comparingDouble(Driver::points));
        double total = BASELINE + drivers.stream().mapToDouble(Driver::points).sum();
        int score = (int) Math.round(Math.max(0, Math.min(100, total)));
        double confidence = Math.min(1.0, (double) state.eventCount() / policy.fullConfidenceEvents());
        return new HealthAssessment(score, policy.band(score, before), List.copyOf(drivers),
                Math.round(confidence * 100) / 100.0, policy.version(), now);
    }

    /** When, strictly after {@code after}, the customer's health next changes with no event (a timer), or null. */
    public Instant nextChangeAt(RelationshipState state, ScoringPolicy policy, Instant after) {
        return rules.stream().map(rule -> rule.nextChangeAt(state, policy, after)).filter(Objects::nonNull)
                .min(Instant::compareTo).orElse(null);
    }
}
