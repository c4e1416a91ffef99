package dev.earlywarning.scorer.domain.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.earlywarning.scorer.domain.Driver;
import dev.earlywarning.scorer.domain.Level;
import dev.earlywarning.scorer.domain.RelationshipState;
import dev.earlywarning.scorer.domain.Rule;
import dev.earlywarning.scorer.domain.ScoringPolicy;

/**
 * Complaints: open ones weigh, slow and re-opened ones more; one resolved first time may recover
 * health (seed 002, rule 5).
 */
public final class ComplaintRule implements Rule {

    public static final String NAME = "complaints";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<Driver> evaluate(RelationshipState state, Instant now, ScoringPolicy policy) {
        ScoringPolicy.Complaints p = policy.complaints();
        double points = 0;
        int open = 0;
        int slow = 0;
        int reopened = 0;
        int firstTime = 0;
        List<String> ids = new ArrayList<>();
        for (RelationshipState.Complaint complaint : state.complaints().values()) {
            if (complaint.open()) {
                open++;
                points += p.open();
                if (!now.isBefore(complaint.openedAt().plus(p.slowAfter()))) {
                    slow++;
                    points += p.slow();
                }
            }
            double weight = ScoringPolicy.decay(Duration.between(complaint.openedAt(), now), p.halfLife());
            if (complaint.reopened() > 0) {
                reopened++;
                points += p.reopened() * complaint.reopened() * weight;
            } else if (!complaint.open()) {
                firstTime++;
                points += p.resolvedFirstTime()
                        * ScoringPolicy.decay(Duration.between(complaint.resolvedAt(), now), p.halfLife());
            }
            ids.addAll(complaint.eventIds());
        }
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        List<String> parts = new ArrayList<>();
        if (open > 0) {
            parts.add(open + " open complaint(s)" + (slow > 0 ? ", " + slow + " open longer than "
                    + p.slowAfter().toDays() + " days" : ""));
        }
        if (reopened > 0) {
            parts.add(reopened + " complaint(s) re-opened");
        }
        if (firstTime > 0) {
            parts.add(firstTime + " complaint(s) resolved first time");
        }
        return Optional.of(new Driver(NAME, ScoringPolicy.round(points), String.join(", ", parts), Level.JOURNEY, ids,
                open + reopened > 0 ? "Fix the complaint, explain what went wrong, and show empathy"
                        : "No action needed"));
    }

    @Override
    public Instant nextChangeAt(RelationshipState state, ScoringPolicy policy, Instant after) {
        return state.complaints().values().stream().filter(RelationshipState.Complaint::open)
                .map(c -> c.openedAt().plus(policy.complaints().slowAfter()))
                .filter(due -> due.isAfter(after))
                .min(Instant::compareTo).orElse(null);
    }
}
