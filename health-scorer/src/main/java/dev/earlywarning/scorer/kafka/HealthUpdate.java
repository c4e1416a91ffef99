package dev.earlywarning.scorer.kafka;

import java.time.Instant;
import java.util.List;

import dev.earlywarning.scorer.domain.Band;
import dev.earlywarning.scorer.domain.Driver;
import dev.earlywarning.scorer.domain.Risk;

/** A customer's latest health, published on the compacted {@code relationship-health} topic (schema v1). */
public record HealthUpdate(int schemaVersion, String customerId, String segment, int score, Band band,
                           double confidence, List<Driver> drivers, String policyVersion, Instant assessedAt,
                           String triggeringEventId, Risk risk) {
}
