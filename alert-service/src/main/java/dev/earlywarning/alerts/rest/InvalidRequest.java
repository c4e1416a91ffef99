package dev.earlywarning.alerts.rest;

import java.util.List;

import dev.earlywarning.commons.problem.FieldError;

/** Request fields are missing or wrong; each one is named. */
public class InvalidRequest extends RuntimeException {

    private final transient List<FieldError> errors;

    public InvalidRequest(String field, String reason) {
        this(List.of(new FieldError(field, reason)));
    }

    public InvalidRequest(List<FieldError> errors) {
        super(errors.size() == 1 ? errors.get(0).field() + " " + errors.get(0).message()
                : errors.size() + " fields are invalid");
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
