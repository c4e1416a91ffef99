package dev.earlywarning.alerts.rest;

/** A request field is missing or wrong. */
public class InvalidRequest extends RuntimeException {

    private final String field;
    private final String reason;

    public InvalidRequest(String field, String reason) {
        super(field + " " + reason);
        this.field = field;
        this.reason = reason;
    }

    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }
}
