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
 * Promises made with a due time: kept, broken, or overdue when the due time passes with no event
 * (golden rule 2, seed 002). A broken promise on an open complaint is a red flag.
 */
public final class PromiseRule implements Rule {

    public static final String NAME = "promises";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<Driver> evaluate(RelationshipState state, Instant now, ScoringPolicy policy) {
        ScoringPolicy.Promises p = policy.promises();
        double points = 0;
        int broken = 0;
        int overdue = 0;
        int kept = 0;
        List<String> ids = new ArrayList<>();
        for (RelationshipState.Promise promise : state.promises().values()) {
            switch (promise.status()) {
                case BROKEN -> {
                    points += p.broken() * ScoringPolicy.decay(Duration.between(promise.settledAt(), now), p.halfLife());
                    broken++;
                    ids.addAll(promise.eventIds());
                }
                case OPEN -> {
                    if (promise.dueAt() != null && !now.isBefore(promise.dueAt())) {
                        points += p.overdue();
                        overdue++;
                        ids.addAll(promise.eventIds());
                    }
                }
                case KEPT -> {
                    points += p.kept() * ScoringPolicy.decay(Duration.between(promise.settledAt(), now), p.halfLife());
                    kept++;
                    ids.addAll(promise.eventIds());
                }
            }
        }
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        boolean openComplaint = state.complaints().values().stream().anyMatch(RelationshipState.Complaint::open);
        boolean redFlag = (broken + overdue) > 0 && openComplaint;
        List<String> parts = new ArrayList<>();
        if (broken > 0) {
            parts.add(broken + " promise(s) broken");
        }
        if (overdue > 0) {
            parts.add(overdue + " promise(s) past their due time");
        }
        if (kept > 0) {
            parts.add(kept + " promise(s) kept");
        }
        String reason = String.join(", ", parts) + (redFlag ? " while a complaint is open" : "");
        return Optional.of(new Driver(NAME, ScoringPolicy.round(points), reason, Level.JOURNEY, ids,
                broken + overdue > 0 ? "Keep the promise now, or call to say when it will be kept" : "No action needed",
                redFlag));
    }

    @Override
    public Instant nextChangeAt(RelationshipState state, ScoringPolicy policy, Instant after) {
        return state.promises().values().stream()
                .filter(promise -> promise.status() == RelationshipState.Promise.Status.OPEN && promise.dueAt() != null)
                .map(RelationshipState.Promise::dueAt)
                .filter(due -> due.isAfter(after))
                .min(Instant::compareTo).orElse(null);
    }
}
