package dev.earlywarning.scorer.domain;

import java.util.Map;

/** The scoring policy: one default and optional policies per customer segment, under one version. */
public record PolicyBook(String version, ScoringPolicy defaults, Map<String, ScoringPolicy> segments) {

    public ScoringPolicy forSegment(String segment) {
        return segment == null ? defaults : segments.getOrDefault(segment, defaults);
    }
}
