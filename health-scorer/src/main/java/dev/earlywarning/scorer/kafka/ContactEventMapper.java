package dev.earlywarning.scorer.kafka;

import java.time.Instant;
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
        // What the store cannot hold is refused here, with the field named, rather than by the database.
        text("eventId", r.eventId(), MAX_ID);
        text("customerId", r.customerId(), MAX_ID);
        text("segment", r.segment(), MAX_SEGMENT);
        text("caseRef", r.caseRef(), MAX_ID);
        text("promiseId", r.promiseId(), MAX_ID);
        text("sourceSystem", r.sourceSystem(), MAX_SEGMENT);
        time("occurredAt", r.occurredAt());
        time("promiseDueAt", r.promiseDueAt());
        time("effectiveAt", r.effectiveAt());
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
                r.effortScore(), r.nps(), r.csat(), r.promiseId(), r.promiseDueAt(), r.effectiveAt(), r.sourceSystem());
    }

    /** Columns of customer_health and health_history (V1). */
    static final int MAX_ID = 128;
    static final int MAX_SEGMENT = 64;
    /** Times the scorer's arithmetic (durations in nanoseconds, timers) can hold with room to spare. */
    static final Instant OLDEST = Instant.parse("1900-01-01T00:00:00Z");
    static final Instant NEWEST = Instant.parse("2200-01-01T00:00:00Z");

    private static void text(String field, String value, int maxLength) {
        if (value == null) {
            return;
        }
        if (value.length() > maxLength) {
            throw new IllegalArgumentException(field + " is longer than " + maxLength + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i)) || Character.isSurrogate(value.charAt(i))
                    && !(Character.isHighSurrogate(value.charAt(i)) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(++i)))) {
                throw new IllegalArgumentException(field + " holds a control character or an unpaired surrogate");
            }
        }
    }

    private static void time(String field, Instant value) {
        if (value != null && (value.isBefore(OLDEST) || !value.isBefore(NEWEST))) {
            throw new IllegalArgumentException(field + " " + value + " lies outside " + OLDEST + " to " + NEWEST);
        }
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
