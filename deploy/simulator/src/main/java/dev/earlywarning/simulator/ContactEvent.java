package dev.earlywarning.simulator;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One simulated contact event in the shape contact-ingest accepts (docs/schemas/contact-event.v1.json),
 * an outcome ({@code relationship_ended}) or a contract's renewal date ({@code renewal_due}).
 * Codes are the schema's lower-case codes. Absent fields are left out of the JSON.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContactEvent(String eventId, String customerId, Instant occurredAt, String segment,
                           String sourceSystem, String type, String channel, String direction, Boolean perceived,
                           String journey, String caseRef, String outcome, Integer waitSeconds, String sentiment,
                           Integer effortScore, Integer nps, Integer csat, String promiseId, Instant promiseDueAt,
                           String reason, Instant effectiveAt) {

    /** An outcome: the customer left at {@code at}. */
    public static ContactEvent ended(String eventId, String customerId, String segment, Instant at, String reason) {
        return new ContactEvent(eventId, customerId, at, segment, "simulator", "relationship_ended", null, null, null,
                null, null, null, null, null, null, null, null, null, null, reason, null);
    }

    /**
     * The contract system's word that the customer's contract comes up for renewal at {@code renewsAt}: the
     * organisation knows its contracts' dates, though not what the customer will decide then.
     */
    public static ContactEvent renewalDue(String eventId, String customerId, String segment, Instant at,
                                          Instant renewsAt) {
        return new ContactEvent(eventId, customerId, at, segment, "simulator", "renewal_due", null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, renewsAt);
    }

    /** Whether this is an outcome rather than a contact. */
    public boolean relationshipOutcome() {
        return type.startsWith("relationship_");
    }
}
