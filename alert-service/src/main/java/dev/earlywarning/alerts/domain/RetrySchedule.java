package dev.earlywarning.alerts.domain;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When to try a webhook delivery again: the Standard Webhooks schedule (immediately, 5 s, 5 min,
 * 30 min, 2 h, 5 h, 10 h, 10 h) with up to 20% jitter so that a failed endpoint is not hit by a wave.
 */
public record RetrySchedule(List<Duration> delays, double jitter) {

    public static final RetrySchedule STANDARD = new RetrySchedule(List.of(Duration.ZERO, Duration.ofSeconds(5),
            Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5),
            Duration.ofHours(10), Duration.ofHours(10)), 0.2);

    /** The wait before attempt number {@code attempt + 1}, or empty when attempts are exhausted. */
    public Optional<Duration> delayAfter(int attempt, RandomGenerator random) {
        if (attempt >= delays.size()) {
            return Optional.empty();
        }
        Duration base = delays.get(attempt);
        long jitterMillis = (long) (base.toMillis() * jitter * random.nextDouble());
        return Optional.of(base.plusMillis(jitterMillis));
    }
}
