package dev.earlywarning.scorer.domain;

import java.time.Instant;

/** What the scorer takes from one canonical contact event. Unknown codes arrive as {@code null}. */
public record ContactFact(
        String eventId,
        String customerId,
        Instant occurredAt,
        String segment,
        FactType type,
        String channel,
        boolean inbound,
        boolean perceived,
        String caseRef,
        Outcome outcome,
        Sentiment sentiment,
        Integer effortScore,
        Integer nps) {

    /** The kinds of event the scorer distinguishes. */
    public enum FactType { CONTACT, SURVEY, PROMISE_MADE, PROMISE_KEPT, PROMISE_BROKEN, COMPLAINT_OPENED,
        COMPLAINT_RESOLVED, COMPLAINT_REOPENED, OTHER }

    /** How a contact ended. */
    public enum Outcome { RESOLVED, UNRESOLVED, ESCALATED, TRANSFERRED, ABANDONED }

    /** The emotion a contact left. */
    public enum Sentiment { POSITIVE, NEUTRAL, NEGATIVE }
}
