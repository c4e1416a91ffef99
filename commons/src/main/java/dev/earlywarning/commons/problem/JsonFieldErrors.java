package dev.earlywarning.commons.problem;

import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

/** Names the field a JSON body could not be mapped at, and what it takes, in the schemas' words. */
public final class JsonFieldErrors {

    private JsonFieldErrors() {
    }

    /**
     * The field Jackson stopped at (its path, {@code $} for the body itself) and why.
     *
     * @param prefix put before the path, e.g. {@code events[3].} for an event in a batch
     */
    public static FieldError of(JsonMappingException e, String prefix) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        return new FieldError(path.isEmpty() ? (prefix.isEmpty() ? "$" : strip(prefix)) : prefix + path, reason(e));
    }

    private static String reason(JsonMappingException e) {
        if (e instanceof ValueInstantiationException && e.getCause() != null) {
            return e.getCause().getMessage();
        }
        if (e instanceof InvalidFormatException format) {
            if (format.getTargetType() == java.time.Instant.class) {
                return "'" + format.getValue() + "' is not a valid " + describe(format.getTargetType());
            }
            return "must be " + expected(format.getTargetType()) + ", was '" + format.getValue() + "'";
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return "must be " + expected(mismatch.getTargetType());
        }
        return e.getOriginalMessage();
    }

    private static String describe(Class<?> type) {
        if (type == java.time.Instant.class) {
            return "ISO-8601 instant (e.g. 2026-11-22T10:15:00Z)";
        }
        return type.getSimpleName();
    }

    /** What a field of this type takes, in the schema's words. */
    private static String expected(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer (no fraction, not a string)";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == java.time.Instant.class) {
            return "an ISO-8601 instant as a string (e.g. 2026-11-22T10:15:00Z)";
        }
        if (java.util.Map.class.isAssignableFrom(type)) {
            return "an object of string values";
        }
        if (type.isEnum()) {
            return "one of the codes (a string)";
        }
        return "a " + type.getSimpleName();
    }

    public static String strip(String prefix) {
        return prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix;
    }
}
