package dev.earlywarning.scorer.domain;

import java.time.Instant;
import java.util.Optional;

/** One indicator of relationship health: turns state into a contribution with its reason. */
public interface Rule {

    /** The contribution now, or empty when the rule has nothing to say. */
    Optional<Driver> evaluate(RelationshipState state, Instant now, ScoringPolicy policy);
}
