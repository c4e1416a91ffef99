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

    /** A scoring policy file (YAML) to use instead of the built-in one. */
    Optional<String> policyFile();
}
