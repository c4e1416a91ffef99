package dev.earlywarning.ingest.service;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "ingest")
public interface IngestConfig {

    /** How far in the future an event's occurredAt may lie (producers' clock skew). */
    @WithDefault("5m")
    Duration maxFutureSkew();

    /**
     * The oldest occurredAt (and promise due time) accepted: older times are a producer's mistake
     * (a zero date, a wrong epoch unit), not history anyone scores.
     */
    @WithDefault("2000-01-01T00:00:00Z")
    java.time.Instant oldestEventTime();

    /** The canonical topic, keyed by customer id. */
    @WithDefault("contact-events")
    String topic();

    /**
     * How long the Kafka producer may hold a record to send it with others: concurrent single-event
     * requests then share produce requests; each waits at most this long more for its answer.
     */
    @WithDefault("1ms")
    Duration producerLinger();

    /** How long a request waits for Kafka's acknowledgement before answering 503. */
    @WithDefault("5s")
    Duration publishTimeout();

    /** How long an accepted event id is remembered: a re-sent id within it is answered as a duplicate. */
    @WithDefault("24h")
    Duration dedupWindow();

    /** Most event ids remembered; the oldest go first beyond it (about 100 bytes each). */
    @WithDefault("5000000")
    int dedupMaxIds();

    /**
     * The token claim that names a producer's source system (README, "Security"): its events carry
     * that source or none, and their ids are de-duplicated within it.
     */
    @WithDefault("source")
    String sourceClaim();

    /** Each producer's share of the intake (README, "Security"): events per second and the burst held. */
    RateLimit rateLimit();

    interface RateLimit {
        /** Events per second one producer (source system) may post, sustained. */
        @WithDefault("5000")
        double perSecond();

        /** Events one producer may post at once above the rate; at least the largest batch. */
        @WithDefault("20000")
        int burst();
    }

    /** Most events in one batch request. */
    @WithDefault("1000")
    int maxBatchSize();

    /** Largest request body of a single event, in bytes. */
    @WithDefault("65536")
    long maxEventBytes();

    /** Largest request body of a batch, in bytes. */
    @WithDefault("4194304")
    long maxBatchBytes();

    /**
     * Most requests waiting for the Kafka sender; beyond it a request is answered 503 at once
     * (during an outage, rather than queueing without bound).
     */
    @WithDefault("1000")
    int maxPendingRequests();

    /** Retry-After sent with a 503. */
    @WithDefault("5s")
    Duration retryAfter();
}
