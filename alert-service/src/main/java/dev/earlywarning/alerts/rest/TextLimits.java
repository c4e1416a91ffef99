package dev.earlywarning.alerts.rest;

import java.util.ArrayList;
import java.util.List;

import dev.earlywarning.alerts.domain.StorableText;
import dev.earlywarning.commons.problem.FieldError;

/**
 * The documented maximum of every free-text field an operator writes. These texts are stored and
 * travel in every later webhook of the alert, so they are bounded; control characters other than
 * line breaks and tabs are refused (PostgreSQL cannot store NUL).
 */
final class TextLimits {

    /** The actor column holds 128 characters. */
    static final int ACTOR = 128;
    /** A note, a snooze reason, an action taken: a paragraph, not a document. */
    static final int TEXT = 2000;

    private final List<FieldError> errors = new ArrayList<>();

    TextLimits text(String field, String value, int max) {
        if (value == null) {
            return this;
        }
        if (value.length() > max) {
            errors.add(new FieldError(field, "is longer than " + max + " characters"));
        } else if (StorableText.unstorable(value, true)) {
            errors.add(new FieldError(field, "must not contain control characters other than line breaks and tabs, "
                    + "nor unpaired surrogates"));
        }
        return this;
    }

    TextLimits require(String field, Object value, String reason) {
        if (value == null || value instanceof String s && s.isBlank()) {
            errors.add(new FieldError(field, reason));
        }
        return this;
    }

    /** A field a client must not send (the server decides it). */
    TextLimits absent(String field, Object value, String reason) {
        if (value != null) {
            errors.add(new FieldError(field, reason));
        }
        return this;
    }

    /** Throws a 400 naming every bad field, if any. */
    void check() {
        if (!errors.isEmpty()) {
            throw new InvalidRequest(errors);
        }
    }
}
