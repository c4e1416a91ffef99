package dev.earlywarning.ingest.domain;

import dev.earlywarning.commons.problem.FieldError;

import java.time.Duration;
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
        identifier(errors, "caseRef", event.caseRef(), rules.maxIdLength());
        identifier(errors, "promiseId", event.promiseId(), rules.maxIdLength());
        identifier(errors, "segment", event.segment(), rules.maxCodeLength());
        identifier(errors, "sourceSystem", event.sourceSystem(), rules.maxCodeLength());
        if (event.occurredAt() == null) {
            errors.add(new FieldError("occurredAt", "is required (ISO-8601 instant, e.g. 2026-11-22T10:15:00Z)"));
        } else if (event.occurredAt().isAfter(now.plus(rules.maxFutureSkew()))) {
            errors.add(new FieldError("occurredAt", "lies more than " + rules.maxFutureSkew().toMinutes()
                    + " minutes in the future"));
        } else if (event.occurredAt().isBefore(rules.oldestEventTime())) {
            errors.add(new FieldError("occurredAt", "lies before " + rules.oldestEventTime()
                    + ", the oldest event time accepted"));
        }
        if (event.type() == null) {
            errors.add(new FieldError("type", "is required"));
        } else if (event.type() == EventType.CONTACT && event.channel() == null) {
            errors.add(new FieldError("channel", "is required for a contact"));
        }
        range(errors, "effortScore", event.effortScore(), 1, 7);
        range(errors, "nps", event.nps(), 0, 10);
        range(errors, "csat", event.csat(), 1, 5);
        range(errors, "waitSeconds", event.waitSeconds(), 0, rules.maxWaitSeconds());
        if (event.type() == EventType.PROMISE_MADE && event.promiseDueAt() == null) {
            errors.add(new FieldError("promiseDueAt", "is required when a promise is made"));
        }
        promiseDue(errors, event);
        outcome(errors, event);
        attributes(errors, event.attributes());
        return errors;
    }

    private void promiseDue(List<FieldError> errors, ContactEvent event) {
        Instant due = event.promiseDueAt();
        if (due == null) {
            return;
        }
        if (due.isBefore(rules.oldestEventTime())) {
            errors.add(new FieldError("promiseDueAt", "lies before " + rules.oldestEventTime()
                    + ", the oldest time accepted"));
        } else if (event.occurredAt() != null
                && Duration.between(event.occurredAt(), due).compareTo(rules.maxPromiseHorizon()) > 0) {
            errors.add(new FieldError("promiseDueAt", "lies more than " + rules.maxPromiseHorizon().toDays()
                    + " days after occurredAt"));
        }
    }

    /** The fields of an outcome: only on outcomes, a bounded reason, an end within the accepted times. */
    private void outcome(List<FieldError> errors, ContactEvent event) {
        boolean ended = event.type() == EventType.RELATIONSHIP_ENDED;
        if (event.reason() != null) {
            if (!ended) {
                errors.add(new FieldError("reason", "is only for relationship_ended"));
            } else if (event.reason().length() > rules.maxReasonLength()) {
                errors.add(new FieldError("reason", "is longer than " + rules.maxReasonLength() + " characters"));
            } else if (TextChecks.firstControl(event.reason(), true) >= 0) {
                errors.add(new FieldError("reason", "must not contain control characters (found "
                        + TextChecks.describe(event.reason().charAt(TextChecks.firstControl(event.reason(), true))) + ")"));
            } else if (!TextChecks.wellFormed(event.reason())) {
                errors.add(new FieldError("reason", "is not well-formed Unicode (an unpaired surrogate)"));
            }
        }
        boolean renewalDue = event.type() == EventType.RENEWAL_DUE;
        Instant effective = event.effectiveAt();
        if (effective == null) {
            if (renewalDue) {
                errors.add(new FieldError("effectiveAt", "is required on renewal_due (when the contract comes up for renewal)"));
            }
            return;
        }
        if (!ended && !renewalDue) {
            errors.add(new FieldError("effectiveAt", "is only for relationship_ended and renewal_due"));
        } else if (effective.isBefore(rules.oldestEventTime())) {
            errors.add(new FieldError("effectiveAt", "lies before " + rules.oldestEventTime()
                    + ", the oldest time accepted"));
        } else if (event.occurredAt() != null
                && Duration.between(event.occurredAt(), effective).compareTo(rules.maxPromiseHorizon()) > 0) {
            errors.add(new FieldError("effectiveAt", "lies more than " + rules.maxPromiseHorizon().toDays()
                    + " days after occurredAt"));
        }
    }

    private void requireId(List<FieldError> errors, String field, String value) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(field, "is required"));
        } else {
            identifier(errors, field, value, rules.maxIdLength());
        }
    }

    /** Identifiers and codes: bounded, and free of control characters (PostgreSQL refuses NUL in text). */
    private static void identifier(List<FieldError> errors, String field, String value, int maxLength) {
        if (value == null) {
            return;
        }
        if (value.length() > maxLength) {
            errors.add(new FieldError(field, "is longer than " + maxLength + " characters"));
        } else if (TextChecks.firstControl(value, false) >= 0) {
            errors.add(new FieldError(field, "must not contain control characters (found "
                    + TextChecks.describe(value.charAt(TextChecks.firstControl(value, false))) + ")"));
        } else if (!TextChecks.wellFormed(value)) {
            errors.add(new FieldError(field, "is not well-formed Unicode (an unpaired surrogate)"));
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
            } else if (TextChecks.firstControl(key, false) >= 0 || (value != null
                    && TextChecks.firstControl(value, true) >= 0)) {
                errors.add(new FieldError("attributes." + key, "must not contain control characters"
                        + " (tab, line feed and carriage return are allowed in values)"));
            } else if (!TextChecks.wellFormed(key) || (value != null && !TextChecks.wellFormed(value))) {
                errors.add(new FieldError("attributes." + key, "is not well-formed Unicode (an unpaired surrogate)"));
            }
        });
    }
}
