package dev.earlywarning.scorer.service;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "scorer")
public interface ScorerConfig {

    /** Which clock drives timers: the wall clock in production, the stream's event time when replaying history. */
    enum ClockMode { WALL_CLOCK, EVENT_TIME }

    @WithDefault("wall-clock")
    ClockMode clock();

    /** How often timers are checked in wall-clock mode. */
    @WithDefault("10s")
    Duration timerInterval();

    /**
     * How long one store of scored state may take before the instance reports itself not live: a
     * write that never finishes holds back every later batch, and a restart resumes from the
     * stored offsets.
     */
    @WithDefault("5m")
    Duration storeStallTimeout();

    /**
     * How long without a scored batch, while owned partitions have records beyond what was scored,
     * before the instance reports itself not ready (consumption has stopped).
     */
    @WithDefault("60s")
    Duration consumptionStallTimeout();

    /** A scoring policy file (YAML) to use instead of the built-in one. */
    Optional<String> policyFile();

    /**
     * Customers one instance is sized to hold in memory (about 1 KB each): beyond 90 % of it the
     * instance warns and {@code ew_scorer_state_capacity_used} says so; add partitions' owners
     * (instances) before it is reached.
     */
    @WithDefault("2000000")
    int maxCustomers();

    /** How long health history is kept; older rows are purged every {@link #retentionInterval()}. */
    @WithDefault("400d")
    Duration healthHistoryRetention();

    @WithDefault("1h")
    Duration retentionInterval();
}
