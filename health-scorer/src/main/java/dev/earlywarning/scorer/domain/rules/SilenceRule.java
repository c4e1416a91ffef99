package dev.earlywarning.scorer.domain.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.earlywarning.scorer.domain.Driver;
import dev.earlywarning.scorer.domain.Level;
import dev.earlywarning.scorer.domain.RelationshipState;
import dev.earlywarning.scorer.domain.Rule;
import dev.earlywarning.scorer.domain.ScoringPolicy;

/**
 * A forgotten customer: no perceived contact for longer than is normal for the segment (seed 002:
 * the uncontacted report the lowest NPS and plan to switch more often). Functional contacts do not
 * count. Grows from {@code points} at the normal gap to {@code maxPoints} at twice the gap.
 */
public final class SilenceRule implements Rule {

    public static final String NAME = "silence";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<Driver> evaluate(RelationshipState state, Instant now, ScoringPolicy policy) {
        ScoringPolicy.Silence p = policy.silence();
        Instant since = state.lastPerceivedAt() != null ? state.lastPerceivedAt() : state.firstEventAt();
        if (since == null) {
            return Optional.empty();
        }
        Duration gap = Duration.between(since, now);
        if (gap.compareTo(p.normalGap()) < 0) {
            return Optional.empty();
        }
        double beyond = Math.min(1.0, (double) gap.minus(p.normalGap()).toSeconds() / p.normalGap().toSeconds());
        double points = ScoringPolicy.round(p.points() + (p.maxPoints() - p.points()) * beyond);
        String reason = "No perceived contact for " + gap.toDays() + " days (normal for the segment: "
                + p.normalGap().toDays() + ")";
        List<String> ids = state.lastContact() == null ? List.of() : List.of(state.lastContact().eventId());
        return Optional.of(new Driver(NAME, points, reason, Level.RELATIONSHIP, ids,
                "Reach out personally with something relevant to the customer, not marketing"));
    }

    @Override
    public Instant nextChangeAt(RelationshipState state, ScoringPolicy policy, Instant after) {
        Instant since = state.lastPerceivedAt() != null ? state.lastPerceivedAt() : state.firstEventAt();
        if (since == null) {
            return null;
        }
        Instant silent = since.plus(policy.silence().normalGap());
        // Re-assess when the silence starts and when it reaches its maximum.
        Instant max = since.plus(policy.silence().normalGap().multipliedBy(2));
        if (silent.isAfter(after)) {
            return silent;
        }
        return max.isAfter(after) ? max : null;
    }
}
