package dev.earlywarning.alerts.rest;

import java.util.List;

import dev.earlywarning.alerts.service.SubscriptionService.FieldProblem;

/** Request fields are missing or wrong; each one is named. */
public class InvalidRequest extends RuntimeException {

    private final transient List<FieldProblem> errors;

    public InvalidRequest(String field, String reason) {
        this(List.of(new FieldProblem(field, reason)));
    }

    public InvalidRequest(List<FieldProblem> errors) {
        super(errors.size() == 1 ? errors.get(0).field() + " " + errors.get(0).message()
                : errors.size() + " fields are invalid");
        this.errors = List.copyOf(errors);
    }

    public List<FieldProblem> errors() {
        return errors;
    }
}
