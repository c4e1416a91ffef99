package dev.earlywarning.ingest.service;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import dev.earlywarning.ingest.domain.RateLimiter;
import io.micrometer.core.instrument.MeterRegistry;

/** Each producer's share of the intake: its events per second, checked before they are read further. */
@ApplicationScoped
public class ProducerQuota {

    /** The producer posted more than its share; it may try again after {@code retryAfter}. */
    public static class Exceeded extends RuntimeException {
        private final transient Duration retryAfter;

        public Exceeded(String producer, Duration retryAfter) {
            super("Producer '" + producer + "' is over its rate limit; retry after " + seconds(retryAfter) + " s");
            this.retryAfter = retryAfter;
        }

        public Duration retryAfter() {
            return retryAfter;
        }
    }

    private final RateLimiter limiter;
    private final MeterRegistry registry;

    public ProducerQuota(IngestConfig config, MeterRegistry registry) {
        if (config.rateLimit().burst() < config.maxBatchSize()) {
            throw new IllegalStateException("ingest.rate-limit.burst (" + config.rateLimit().burst()
                    + ") must be at least ingest.max-batch-size (" + config.maxBatchSize() + ")");
        }
        this.limiter = new RateLimiter(config.rateLimit().perSecond(), config.rateLimit().burst(), System::nanoTime);
        this.registry = registry;
    }

    /** Takes {@code events} from the producer's share, or throws {@link Exceeded}. */
    public void take(String producer, int events) {
        RateLimiter.Decision decision = limiter.acquire(producer, Math.max(events, 1));
        if (!decision.allowed()) {
            registry.counter("ew.ingest.rate.limited").increment();
            throw new Exceeded(producer, decision.retryAfter());
        }
    }

    /** Whole seconds for Retry-After, at least 1. */
    public static long seconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }
}
