package dev.earlywarning.scorer.domain;

import java.time.Instant;

/**
 * What the scorer takes from one canonical contact event. Codes this version does not know arrive
 * as {@code OTHER} or {@code null}.
 */
public record ContactFact(
        String eventId,
        String customerId,
        Instant occurredAt,
        String segment,
        FactType type,
        Channel channel,
        boolean inbound,
        boolean perceived,
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
        Instant effectiveAt,
        String sourceSystem) {

    /**
     * What the customer's recent-event list remembers of this event: its id within its source
     * system (ids are unique per source, so one producer cannot shadow another's event).
     */
    public String seenKey() {
        return sourceSystem == null ? eventId : sourceSystem + '\u001f' + eventId;
    }

    /** The kinds of event the scorer distinguishes. */
    public enum FactType { CONTACT, SURVEY, PROMISE_MADE, PROMISE_KEPT, PROMISE_BROKEN, COMPLAINT_OPENED,
        COMPLAINT_RESOLVED, COMPLAINT_REOPENED, OTHER,
        /** An outcome: the customer left (effective at {@code effectiveAt}, else when it occurred). */
        RELATIONSHIP_ENDED,
        /** An outcome: the customer renewed or stayed. */
        RELATIONSHIP_RENEWED,
        /** The customer is erased: its state, history and signals' consequences go (ScoringService). */
        CUSTOMER_ERASED,
        /** The contract comes up for renewal at {@code effectiveAt} (RiskFeatures' renewal features). */
        RENEWAL_DUE
    }

    /** How a contact ended. */
    public enum Outcome { RESOLVED, UNRESOLVED, ESCALATED, TRANSFERRED, ABANDONED }

    /** The emotion a contact left. */
    public enum Sentiment { POSITIVE, NEUTRAL, NEGATIVE }

    /** The journeys the rules care about; the rest are OTHER. */
    public enum Journey { ONBOARDING, CHANGE, ORDER_DELIVERY, COMPLAINT, RENEWAL, CONTRACT_CHANGE, CANCELLATION,
        INFORMATION, BILLING, OTHER }

    /** Contact channels, each with its own response norm (see the policy). */
    public enum Channel { PHONE, EMAIL, CHAT, WHATSAPP, SOCIAL_MEDIA, WEBSITE_APP, MESSENGER, FACE_TO_FACE, VIDEO_CALL,
        LETTER, OTHER }

    /** A builder for tests and mappers: the required fields, everything else empty. */
    public static ContactFact of(String eventId, String customerId, Instant at, FactType type) {
        return new ContactFact(eventId, customerId, at, null, type, null, true, true, null, null, null, null, null,
                null, null, null, null, null, null, null);
    }

    public ContactFact withContact(Channel channel, boolean inbound, Sentiment sentiment, Outcome outcome) {
        return new ContactFact(eventId, customerId, occurredAt, segment, type, channel, inbound, perceived, journey,
                caseRef, outcome, waitSeconds, sentiment, effortScore, nps, csat, promiseId, promiseDueAt, effectiveAt, sourceSystem);
    }

    public ContactFact withCase(String ref, Journey journeyOfCase) {
        return new ContactFact(eventId, customerId, occurredAt, segment, type, channel, inbound, perceived,
                journeyOfCase, ref, outcome, waitSeconds, sentiment, effortScore, nps, csat, promiseId, promiseDueAt, effectiveAt, sourceSystem);
    }

    public ContactFact withScores(Integer effort, Integer npsAnswer, Integer csatAnswer) {
        return new ContactFact(eventId, customerId, occurredAt, segment, type, channel, inbound, perceived, journey,
                caseRef, outcome, waitSeconds, sentiment, effort, npsAnswer, csatAnswer, promiseId, promiseDueAt, effectiveAt, sourceSystem);
    }

    public ContactFact withWait(Integer seconds) {
        return new ContactFact(eventId, customerId, occurredAt, segment, type, channel, inbound, perceived, journey,
                caseRef, outcome, seconds, sentiment, effortScore, nps, csat, promiseId, promiseDueAt, effectiveAt, sourceSystem);
    }

    public ContactFact withPromise(String id, Instant dueAt) {
        return new ContactFact(eventId, customerId, occurredAt, segment, type, channel, inbound, perceived, journey,
                caseRef, outcome, waitSeconds, sentiment, effortScore, nps, csat, id, dueAt, effectiveAt, sourceSystem);
    }

    public ContactFact withEffectiveAt(Instant effective) {
        return new ContactFact(eventId, customerId, occurredAt, segment, type, channel, inbound, perceived, journey,
                caseRef, outcome, waitSeconds, sentiment, effortScore, nps, csat, promiseId, promiseDueAt, effective, sourceSystem);
    }

    public ContactFact fromSource(String source) {
        return new ContactFact(eventId, customerId, occurredAt, segment, type, channel, inbound, perceived, journey,
                caseRef, outcome, waitSeconds, sentiment, effortScore, nps, csat, promiseId, promiseDueAt, effectiveAt,
                source);
    }

    public ContactFact withSegment(String customerSegment, boolean isPerceived) {
        return new ContactFact(eventId, customerId, occurredAt, customerSegment, type, channel, inbound, isPerceived,
                journey, caseRef, outcome, waitSeconds, sentiment, effortScore, nps, csat, promiseId, promiseDueAt, effectiveAt, sourceSystem);
    }
}
