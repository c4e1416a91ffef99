package dev.earlywarning.ingest.domain;

import dev.earlywarning.commons.problem.FieldError;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.earlywarning.ingest.event.Channel;
import dev.earlywarning.ingest.event.ContactEvent;
import dev.earlywarning.ingest.event.EventType;

class ContactEventValidatorTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private final ContactEventValidator validator = new ContactEventValidator(ValidationRules.DEFAULT);

    private static ContactEvent event(String customerId, Instant occurredAt, EventType type, Channel channel,
                                      Integer effort, Integer nps) {
        return new ContactEvent(null, "evt-1", customerId, occurredAt, null, "retail", "crm", type, channel,
                null, null, null, null, null, null, null, effort, nps, null, null, null, null, null, null);
    }

    @Test
    void acceptsAMinimalContact() {
        assertThat(validator.validate(event("C-1", NOW, EventType.CONTACT, Channel.PHONE, 3, null), NOW)).isEmpty();
    }

    @Test
    void namesEveryBadField() {
        var errors = validator.validate(event(" ", NOW.plus(Duration.ofHours(1)), EventType.CONTACT, null, 8, 11), NOW);
        assertThat(errors).extracting(FieldError::field)
                .containsExactlyInAnyOrder("customerId", "occurredAt", "channel", "effortScore", "nps");
        assertThat(errors).filteredOn(e -> e.field().equals("effortScore"))
                .extracting(FieldError::message).containsExactly("must be between 1 and 7, was 8");
    }

    @Test
    void toleratesSmallClockSkewButNotMore() {
        assertThat(validator.validate(event("C-1", NOW.plusSeconds(299), EventType.CONTACT, Channel.EMAIL, null, null), NOW))
                .isEmpty();
        assertThat(validator.validate(event("C-1", NOW.plusSeconds(301), EventType.CONTACT, Channel.EMAIL, null, null), NOW))
                .extracting(FieldError::field).containsExactly("occurredAt");
    }

    @Test
    void requiresADueTimeForAPromise() {
        assertThat(validator.validate(event("C-1", NOW, EventType.PROMISE_MADE, null, null, null), NOW))
                .extracting(FieldError::field).containsExactly("promiseDueAt");
    }

    @Test
    void boundsFreeFormAttributes() {
        var event = new ContactEvent(null, "e", "C-1", NOW, null, null, null, EventType.SURVEY, null, null, null, null,
                null, null, null, null, null, 9, null, null, null, Map.of("note", "x".repeat(300)), null, null);
        assertThat(validator.validate(event, NOW)).extracting(FieldError::field).containsExactly("attributes.note");
    }

    @Test
    void rejectsAMissingBody() {
        assertThat(validator.validate(null, NOW)).extracting(FieldError::field).containsExactly("$");
    }

    private static ContactEvent withIds(String eventId, String customerId, String segment, String sourceSystem) {
        return new ContactEvent(null, eventId, customerId, NOW, null, segment, sourceSystem, EventType.SURVEY, null,
                null, null, null, null, null, null, null, null, 9, null, null, null, null, null, null);
    }

    @Test
    void rejectsControlCharactersInIdentifiersAndCodes() {
        // PostgreSQL refuses NUL in text: accepted, it stopped the scorer's store for every customer.
        assertThat(validator.validate(withIds("e\u0000", "C-\u0000", "retail\n", "crm\u007f"), NOW))
                .extracting(FieldError::field)
                .containsExactlyInAnyOrder("eventId", "customerId", "segment", "sourceSystem");
        assertThat(validator.validate(withIds("e", "C-\u0000", null, null), NOW))
                .extracting(FieldError::message).containsExactly("must not contain control characters (found U+0000)");
    }

    @Test
    void rejectsUnpairedSurrogates() {
        assertThat(validator.validate(withIds("e", "C-\ud800", null, null), NOW))
                .extracting(FieldError::field).containsExactly("customerId");
        assertThat(validator.validate(withIds("e", "C-\ud83d\ude00", null, null), NOW)).isEmpty();
    }

    @Test
    void boundsSegmentAndSourceSystemByTheStoresColumns() {
        // The scorer's segment column holds 64 characters: a longer one stopped its store.
        assertThat(validator.validate(withIds("e", "C-1", "s".repeat(65), "c".repeat(65)), NOW))
                .extracting(FieldError::field).containsExactlyInAnyOrder("segment", "sourceSystem");
        assertThat(validator.validate(withIds("e", "C-1", "s".repeat(64), "c".repeat(64)), NOW)).isEmpty();
    }

    @Test
    void rejectsEventsOlderThanTheOldestAcceptedTime() {
        // Centuries in the past overflowed a timer's nanoseconds in the scorer and stopped its channel.
        Instant old = Instant.parse("1600-01-01T00:00:00Z");
        assertThat(validator.validate(event("C-1", old, EventType.CONTACT, Channel.PHONE, null, null), NOW))
                .extracting(FieldError::message)
                .containsExactly("lies before 2000-01-01T00:00:00Z, the oldest event time accepted");
        assertThat(validator.validate(event("C-1", ValidationRules.DEFAULT.oldestEventTime(), EventType.CONTACT,
                Channel.PHONE, null, null), NOW)).isEmpty();
    }

    @Test
    void boundsPromiseDueTimesAndWaits() {
        var farPromise = new ContactEvent(null, "e", "C-1", NOW, null, null, null, EventType.PROMISE_MADE, null, null,
                null, null, null, null, 40_000_000, null, null, null, null, "P-1",
                Instant.parse("9999-01-01T00:00:00Z"), null, null, null);
        assertThat(validator.validate(farPromise, NOW)).extracting(FieldError::field)
                .containsExactlyInAnyOrder("promiseDueAt", "waitSeconds");
    }

    @Test
    void attributeValuesMayHoldLineBreaksButNoOtherControls() {
        var lines = new ContactEvent(null, "e", "C-1", NOW, null, null, null, EventType.SURVEY, null, null, null, null,
                null, null, null, null, null, 9, null, null, null, Map.of("note", "a\r\nb\tc"), null, null);
        assertThat(validator.validate(lines, NOW)).isEmpty();
        var nul = new ContactEvent(null, "e", "C-1", NOW, null, null, null, EventType.SURVEY, null, null, null, null,
                null, null, null, null, null, 9, null, null, null, Map.of("note", "a\u0000"), null, null);
        assertThat(validator.validate(nul, NOW)).extracting(FieldError::field).containsExactly("attributes.note");
    }

    @Test
    void extremeInstantsAreNamedNotAnOverflow() {
        // Found by the fuzz run: occurredAt at the end of Instant's range overflowed the promise check (a 500).
        var extreme = new ContactEvent(null, "e", "C-1", Instant.parse("+999999999-12-31T23:59:59Z"), null, null,
                null, EventType.PROMISE_MADE, null, null, null, null, null, null, null, null, null, null, null, "P-1",
                Instant.parse("-999999999-01-01T00:00:00Z"), null, null, null);
        assertThat(validator.validate(extreme, NOW)).extracting(FieldError::field)
                .containsExactlyInAnyOrder("occurredAt", "promiseDueAt");
    }

    @Test
    void outcomesAreEventsWithAnOptionalReasonAndEffectiveDate() {
        var ended = new ContactEvent(null, "e", "C-1", NOW, null, null, null, EventType.RELATIONSHIP_ENDED, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, "moved abroad",
                NOW.plus(java.time.Duration.ofDays(30)));
        assertThat(validator.validate(ended, NOW)).isEmpty();
        var renewed = new ContactEvent(null, "e", "C-1", NOW, null, null, null, EventType.RELATIONSHIP_RENEWED, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        assertThat(validator.validate(renewed, NOW)).isEmpty();
    }

    @Test
    void aRenewalComingUpNamesItsDate() {
        var due = new ContactEvent(null, "e", "C-1", NOW, null, null, null, EventType.RENEWAL_DUE, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                NOW.plus(java.time.Duration.ofDays(200)));
        assertThat(validator.validate(due, NOW)).isEmpty();
        var undated = new ContactEvent(null, "e", "C-1", NOW, null, null, null, EventType.RENEWAL_DUE, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        assertThat(validator.validate(undated, NOW)).singleElement()
                .satisfies(error -> assertThat(error.field()).isEqualTo("effectiveAt"))
                .satisfies(error -> assertThat(error.message()).contains("required on renewal_due"));
        var withReason = new ContactEvent(null, "e", "C-1", NOW, null, null, null, EventType.RENEWAL_DUE, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, "why",
                NOW.plus(java.time.Duration.ofDays(4000)));
        assertThat(validator.validate(withReason, NOW)).extracting(FieldError::field)
                .containsExactlyInAnyOrder("reason", "effectiveAt");
    }

    @Test
    void anOutcomesFieldsAreRefusedElsewhereAndOutOfBounds() {
        var onContact = new ContactEvent(null, "e", "C-1", NOW, null, null, null, EventType.CONTACT, Channel.PHONE,
                null, null, null, null, null, null, null, null, null, null, null, null, null, "why", NOW);
        assertThat(validator.validate(onContact, NOW)).extracting(FieldError::field)
                .containsExactlyInAnyOrder("reason", "effectiveAt");
        var bad = new ContactEvent(null, "e", "C-1", NOW, null, null, null, EventType.RELATIONSHIP_ENDED, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, "x".repeat(257),
                NOW.plus(java.time.Duration.ofDays(4000)));
        assertThat(validator.validate(bad, NOW)).extracting(FieldError::field)
                .containsExactlyInAnyOrder("reason", "effectiveAt");
        var control = new ContactEvent(null, "e", "C-1", NOW, null, null, null, EventType.RELATIONSHIP_ENDED, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, "a\u0000b",
                Instant.parse("1999-12-31T00:00:00Z"));
        assertThat(validator.validate(control, NOW)).extracting(FieldError::field)
                .containsExactlyInAnyOrder("reason", "effectiveAt");
    }
}
