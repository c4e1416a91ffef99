package dev.earlywarning.scorer.kafka;

import java.util.Locale;

import dev.earlywarning.scorer.domain.ContactFact;

/** Maps the wire record to the scorer's domain fact; rejects records it cannot score. */
public final class ContactEventMapper {

    private ContactEventMapper() {
    }

    public static ContactFact toFact(ContactEventRecord r) {
        if (r.eventId() == null || r.customerId() == null || r.occurredAt() == null) {
            throw new IllegalArgumentException("eventId, customerId and occurredAt are required");
        }
        return new ContactFact(r.eventId(), r.customerId(), r.occurredAt(), r.segment(),
                code(ContactFact.FactType.class, r.type(), ContactFact.FactType.OTHER),
                code(ContactFact.Channel.class, r.channel(), r.channel() == null ? null : ContactFact.Channel.OTHER),
                !"outbound".equals(r.direction()),
                r.perceived() == null || r.perceived(),
                code(ContactFact.Journey.class, r.journey(), r.journey() == null ? null : ContactFact.Journey.OTHER),
                r.caseRef(),
                code(ContactFact.Outcome.class, r.outcome(), null),
                r.waitSeconds(),
                code(ContactFact.Sentiment.class, r.sentiment(), null),
                r.effortScore(), r.nps(), r.csat(), r.promiseId(), r.promiseDueAt());
    }

    /** Tolerant reader: a code this version does not know becomes {@code unknown}. */
    private static <E extends Enum<E>> E code(Class<E> type, String code, E unknown) {
        if (code == null) {
            return unknown;
        }
        try {
            return Enum.valueOf(type, code.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return unknown;
        }
    }
}
