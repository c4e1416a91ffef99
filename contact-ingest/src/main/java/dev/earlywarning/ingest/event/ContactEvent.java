package dev.earlywarning.ingest.event;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The canonical contact event, version 1, as published on {@code contact-events} keyed by
 * {@code customerId}. One flat record with optional fields: a producer fills what it knows,
 * and the {@code type} says which fields matter. Schema: {@code docs/schemas/contact-event.v1.json}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContactEvent(
        Integer schemaVersion,
        String eventId,
        String customerId,
        Instant occurredAt,
        Instant receivedAt,
        String segment,
        String sourceSystem,
        EventType type,
        Channel channel,
        Direction direction,
        Boolean perceived,
        Journey journey,
        String caseRef,
        Outcome outcome,
        Integer waitSeconds,
        Sentiment sentiment,
        Integer effortScore,
        Integer nps,
        Integer csat,
        String promiseId,
        Instant promiseDueAt,
        Map<String, String> attributes,
        String reason,
        Instant effectiveAt) {

    public static final int SCHEMA_VERSION = 1;

    /** The same event from {@code source} (a producer that left its source system out). */
    public ContactEvent fromSource(String source) {
        return new ContactEvent(schemaVersion, eventId, customerId, occurredAt, receivedAt, segment, source, type,
                channel, direction, perceived, journey, caseRef, outcome, waitSeconds, sentiment, effortScore, nps,
                csat, promiseId, promiseDueAt, attributes, reason, effectiveAt);
    }

    /** The event as published: current schema version and the time contact-ingest received it. */
    public ContactEvent canonical(Instant received) {
        return new ContactEvent(SCHEMA_VERSION, eventId, customerId, occurredAt, received, segment, sourceSystem,
                type, channel, direction, perceived == null ? Boolean.TRUE : perceived, journey, caseRef, outcome,
                waitSeconds, sentiment, effortScore, nps, csat, promiseId, promiseDueAt,
                attributes == null ? Map.of() : attributes, reason, effectiveAt);
    }
}
