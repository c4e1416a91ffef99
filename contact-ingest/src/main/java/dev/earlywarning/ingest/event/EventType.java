package dev.earlywarning.ingest.event;

import com.fasterxml.jackson.annotation.JsonCreator;

/** What the event reports. */
public enum EventType implements Coded {
    CONTACT, SURVEY, PROMISE_MADE, PROMISE_KEPT, PROMISE_BROKEN, COMPLAINT_OPENED, COMPLAINT_RESOLVED, COMPLAINT_REOPENED,
    /** An outcome: the customer left (optional {@code reason}, {@code effectiveAt}). */
    RELATIONSHIP_ENDED,
    /** An outcome: the customer renewed or stayed. */
    RELATIONSHIP_RENEWED,
    /**
     * The customer's contract comes up for renewal at {@code effectiveAt} (required): from the system that
     * holds the contracts, when a term starts or its date changes. A renewal coming up is a moment the
     * customer decides; the scorer's risk model weighs it.
     */
    RENEWAL_DUE,
    /**
     * The customer is to be erased in every service (a data subject's request): only through the
     * erasure API or the inbound topic, never from a producer's REST call.
     */
    CUSTOMER_ERASED;

    @JsonCreator
    public static EventType of(String code) {
        return Coded.parse(EventType.class, code);
    }
}
