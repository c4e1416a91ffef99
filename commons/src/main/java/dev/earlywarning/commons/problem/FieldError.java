package dev.earlywarning.commons.problem;

/** One bad field of an input, named by its JSON path, and why it is bad. */
public record FieldError(String field, String message) {
}
