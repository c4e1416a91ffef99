package dev.earlywarning.ingest.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.earlywarning.ingest.event.ContactEvent;
import dev.earlywarning.ingest.event.EventType;

/** Checks a contact event and names every bad field; plain Java, shared by REST and Kafka intake. */
public final class ContactEventValidator {

    private final ValidationRules rules;

    public ContactEventValidator(ValidationRules rules) {
        this.rules = rules;
    }

    /** All problems of the event; empty when it is valid. */
    public List<FieldError> validate(ContactEvent event, Instant now) {
        List<FieldError> errors = new ArrayList<>();
        if (event == null) {
            errors.add(new FieldError("$", "a contact event is required"));
            return errors;
        }
        requireId(errors, "eventId", event.eventId());
        requireId(errors, "customerId", event.customerId());
        optionalId(errors, "caseRef", event.caseRef());
        optionalId(errors, "promiseId", event.promiseId());
        if (event.occurredAt() == null) {
            errors.add(new FieldError("occurredAt", "is required (ISO-8601 instant, e.g. 2026-11-22T10:15:00Z)"));
        } else if (event.occurredAt().isAfter(now.plus(rules.maxFutureSkew()))) {
            errors.add(new FieldError("occurredAt", "lies more than " + rules.maxFutureSkew().toMinutes()
                    + " minutes in the future"));
        }
        if (event.type() == null) {
            errors.add(new FieldError("type", "is required"));
        } else if (event.type() == EventType.CONTACT && event.channel() == null) {
            errors.add(new FieldError("channel", "is required for a contact"));
        }
        range(errors, "effortScore", event.effortScore(), 1, 7);
        range(errors, "nps", event.nps(), 0, 10);
        range(errors, "csat", event.csat(), 1, 5);
        if (event.waitSeconds() != null && event.waitSeconds() < 0) {
            errors.add(new FieldError("waitSeconds", "must not be negative"));
        }
        if (event.type() == EventType.PROMISE_MADE && event.promiseDueAt() == null) {
            errors.add(new FieldError("promiseDueAt", "is required when a promise is made"));
        }
        attributes(errors, event.attributes());
        return errors;
    }

    private void requireId(List<FieldError> errors, String field, String value) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(field, "is required"));
        } else {
            optionalId(errors, field, value);
        }
    }

    private void optionalId(List<FieldError> errors, String field, String value) {
        if (value != null && value.length() > rules.maxIdLength()) {
            errors.add(new FieldError(field, "is longer than " + rules.maxIdLength() + " characters"));
        }
    }

    private static void range(List<FieldError> errors, String field, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            errors.add(new FieldError(field, "must be between " + min + " and " + max + ", was " + value));
        }
    }

    private void attributes(List<FieldError> errors, Map<String, String> attributes) {
        if (attributes == null) {
            return;
        }
        if (attributes.size() > rules.maxAttributes()) {
            errors.add(new FieldError("attributes", "has more than " + rules.maxAttributes() + " entries"));
        }
        attributes.forEach((key, value) -> {
            if (key.length() > rules.maxAttributeLength()
                    || (value != null && value.length() > rules.maxAttributeLength())) {
                errors.add(new FieldError("attributes." + key,
                        "key and value must be at most " + rules.maxAttributeLength() + " characters"));
            }
        });
    }
}
