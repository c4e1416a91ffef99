package dev.earlywarning.scorer.kafka;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The fields of a canonical contact event (schema v1, {@code docs/schemas/contact-event.v1.json})
 * that the scorer reads. Unknown fields and codes are tolerated.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ContactEventRecord(Integer schemaVersion, String eventId, String customerId, Instant occurredAt,
                                 String segment, String type, String channel, String direction, Boolean perceived,
                                 String journey, String caseRef, String outcome, Integer waitSeconds, String sentiment,
                                 Integer effortScore, Integer nps, Integer csat, String promiseId,
                                 Instant promiseDueAt, Instant effectiveAt, String sourceSystem) {
}
