package dev.earlywarning.scorer.kafka;

import java.util.Locale;

import dev.earlywarning.scorer.domain.ContactFact;

/** Maps the wire record to the scorer's domain fact; rejects records it cannot score. */
final class ContactEventMapper {

    private ContactEventMapper() {
    }

    static ContactFact toFact(ContactEventRecord record) {
        if (record.eventId() == null || record.customerId() == null || record.occurredAt() == null) {
            throw new IllegalArgumentException("eventId, customerId and occurredAt are required");
        }
        return new ContactFact(record.eventId(), record.customerId(), record.occurredAt(), record.segment(),
                code(ContactFact.FactType.class, record.type(), ContactFact.FactType.OTHER),
                record.channel(),
                !"outbound".equals(record.direction()),
                record.perceived() == null || record.perceived(),
                record.caseRef(),
                code(ContactFact.Outcome.class, record.outcome(), null),
                code(ContactFact.Sentiment.class, record.sentiment(), null),
                record.effortScore(), record.nps());
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
