package dev.earlywarning.ingest.event;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.earlywarning.commons.problem.FieldError;

/**
 * CloudEvents 1.0 envelopes around contact events. The contact event is the {@code data}; the
 * envelope fills what the data leaves out: {@code id} → eventId, {@code time} → occurredAt,
 * {@code source} → sourceSystem, {@code subject} → customerId.
 */
public final class CloudEvents {

    public static final String STRUCTURED = "application/cloudevents+json";
    public static final String BATCH = "application/cloudevents-batch+json";

    /** Envelope attribute → contact-event field it defaults. */
    private static final Map<String, String> DEFAULTS = Map.of(
            "id", "eventId", "time", "occurredAt", "source", "sourceSystem", "subject", "customerId");

    /** The contact-event JSON of one envelope, or what is wrong with the envelope. */
    public record Unwrapped(ObjectNode event, List<FieldError> errors) {
    }

    private CloudEvents() {
    }

    /** Structured mode: the envelope is the JSON object. */
    public static Unwrapped unwrap(JsonNode envelope) {
        List<FieldError> errors = new ArrayList<>();
        if (envelope == null || !envelope.isObject()) {
            return new Unwrapped(null, List.of(new FieldError("$", "a CloudEvent must be a JSON object")));
        }
        if (!"1.0".equals(text(envelope, "specversion"))) {
            errors.add(new FieldError("specversion", "must be \"1.0\""));
        }
        for (String required : List.of("id", "source", "type")) {
            if (text(envelope, required) == null) {
                errors.add(new FieldError(required, "is required by CloudEvents 1.0"));
            }
        }
        String contentType = text(envelope, "datacontenttype");
        if (contentType != null && !contentType.startsWith("application/json")) {
            errors.add(new FieldError("datacontenttype", "must be application/json, was " + contentType));
        }
        JsonNode data = envelope.get("data");
        if (data == null || !data.isObject()) {
            errors.add(new FieldError("data", "must be a contact event (JSON object)"));
        }
        if (!errors.isEmpty()) {
            return new Unwrapped(null, errors);
        }
        ObjectNode event = ((ObjectNode) data).deepCopy();
        DEFAULTS.forEach((attribute, field) -> {
            String value = text(envelope, attribute);
            if (value != null && !event.hasNonNull(field)) {
                event.put(field, value);
            }
        });
        return new Unwrapped(event, List.of());
    }

    /** Binary mode: {@code ce-*} headers carry the envelope, the body is the contact event. */
    public static ObjectNode withBinaryHeaders(ObjectNode event, Map<String, String> ceHeaders) {
        ObjectNode filled = event.deepCopy();
        DEFAULTS.forEach((attribute, field) -> {
            String value = ceHeaders.get("ce-" + attribute);
            if (value != null && !filled.hasNonNull(field)) {
                filled.put(field, value);
            }
        });
        return filled;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || !value.isTextual() || value.asText().isBlank() ? null : value.asText();
    }
}
