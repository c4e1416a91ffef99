package dev.earlywarning.scorer.domain;

import java.time.Instant;
import java.util.Optional;

/** One indicator of relationship health: turns state into a contribution with its reason. */
public interface Rule {

    /** The rule's stable name, used as driver name and alert cause. */
    String name();

    /** The contribution at {@code now}, or empty when the rule has nothing to say. */
    Optional<Driver> evaluate(RelationshipState state, Instant now, ScoringPolicy policy);

    /**
     * When, strictly after {@code after}, this rule's contribution changes without any event (a
     * promise falls due, a silence grows long), or null. The scorer re-assesses the customer then.
     */
    default Instant nextChangeAt(RelationshipState state, ScoringPolicy policy, Instant after) {
        return null;
    }
}
