package dev.earlywarning.ingest.service;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.earlywarning.commons.problem.FieldError;

/**
 * What happened to one event.
 *
 * @param index the event's position in a batch (null for a single event)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record IngestResult(Integer index, String eventId, String customerId, Status status, List<FieldError> errors) {

    public enum Status {
        /** Written to Kafka and acknowledged. */
        ACCEPTED,
        /** Already accepted within the de-duplication window; not written again. */
        DUPLICATE,
        /** Invalid; {@code errors} names each bad field. Not written. */
        REJECTED,
        /** Kafka did not acknowledge in time; not accepted, retry later. */
        UNAVAILABLE,
        /** Kafka refused the event as too large for the topic; not written, and re-sending it cannot help. */
        TOO_LARGE
    }

    public IngestResult at(Integer position) {
        return new IngestResult(position, eventId, customerId, status, errors);
    }
}
