package dev.earlywarning.ingest.service;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "ingest")
public interface IngestConfig {

    /** How far in the future an event's occurredAt may lie (producers' clock skew). */
    @WithDefault("5m")
    Duration maxFutureSkew();

    /** How long a request waits for Kafka's acknowledgement before answering 503. */
    @WithDefault("5s")
    Duration publishTimeout();

    /** Retry-After sent with a 503. */
    @WithDefault("5s")
    Duration retryAfter();
}
