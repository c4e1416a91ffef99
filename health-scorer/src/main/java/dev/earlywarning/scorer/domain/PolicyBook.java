package dev.earlywarning.scorer.domain;

import java.util.Map;

/** The scoring policy: one default and optional policies per customer segment, under one version. */
public record PolicyBook(String version, ScoringPolicy defaults, Map<String, ScoringPolicy> segments) {

    /** The same book with every policy (default and segments) changed alike. */
    public PolicyBook map(java.util.function.UnaryOperator<ScoringPolicy> change) {
        Map<String, ScoringPolicy> changed = new java.util.HashMap<>();
        segments.forEach((name, policy) -> changed.put(name, change.apply(policy)));
        return new PolicyBook(version, change.apply(defaults), Map.copyOf(changed));
    }

    public ScoringPolicy forSegment(String segment) {
        return segment == null ? defaults : segments.getOrDefault(segment, defaults);
    }
}
