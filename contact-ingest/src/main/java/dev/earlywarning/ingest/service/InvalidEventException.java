package dev.earlywarning.ingest.service;

import java.util.List;

import dev.earlywarning.commons.problem.FieldError;

/** The event broke validation rules; each bad field is named. */
public class InvalidEventException extends RuntimeException {

    private final transient List<FieldError> errors;

    public InvalidEventException(List<FieldError> errors) {
        super("Invalid contact event: " + errors);
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
