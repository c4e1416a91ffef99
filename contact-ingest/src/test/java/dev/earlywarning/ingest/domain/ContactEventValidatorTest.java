package dev.earlywarning.ingest.domain;

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
                null, null, null, null, null, null, null, effort, nps, null, null, null, null);
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
                null, null, null, null, null, 9, null, null, null, Map.of("note", "x".repeat(300)));
        assertThat(validator.validate(event, NOW)).extracting(FieldError::field).containsExactly("attributes.note");
    }

    @Test
    void rejectsAMissingBody() {
        assertThat(validator.validate(null, NOW)).extracting(FieldError::field).containsExactly("$");
    }
}
