package dev.earlywarning.ingest.service;

import java.time.Duration;

/** The service's configuration with its defaults, for tests without Quarkus. */
public final class TestIngestConfig {

    private TestIngestConfig() {
    }

    public static IngestConfig of(Duration publishTimeout, int maxPendingRequests) {
        return new IngestConfig() {
            @Override public Duration maxFutureSkew() { return Duration.ofMinutes(5); }
            @Override public java.time.Instant oldestEventTime() { return java.time.Instant.parse("2000-01-01T00:00:00Z"); }
            @Override public String topic() { return "contact-events"; }
            @Override public Duration producerLinger() { return Duration.ofMillis(1); }
            @Override public Duration publishTimeout() { return publishTimeout; }
            @Override public Duration dedupWindow() { return Duration.ofHours(1); }
            @Override public int dedupMaxIds() { return 1000; }
            @Override public String sourceClaim() { return "source"; }
            @Override public RateLimit rateLimit() {
                return new RateLimit() {
                    @Override public double perSecond() { return 5000; }
                    @Override public int burst() { return 20000; }
                };
            }
            @Override public int maxBatchSize() { return 1000; }
            @Override public long maxEventBytes() { return 65536; }
            @Override public long maxBatchBytes() { return 4194304; }
            @Override public int maxPendingRequests() { return maxPendingRequests; }
            @Override public Duration retryAfter() { return Duration.ofSeconds(5); }
        };
    }
}
