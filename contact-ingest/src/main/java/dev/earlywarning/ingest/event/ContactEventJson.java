package dev.earlywarning.ingest.event;

import dev.earlywarning.commons.problem.JsonFieldErrors;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

import dev.earlywarning.commons.problem.FieldError;

/**
 * Reads contact events from JSON one at a time, so that a batch or a Kafka record reports every
 * bad field of its own instead of failing as a whole. Shared by REST, CloudEvents and Kafka intake.
 */
public final class ContactEventJson {

    /**
     * An event, or the reasons it could not be read with what could be read of it ({@code event} then
     * holds the fields of the right type, or is null): validation of that part names the other bad
     * fields, so one answer lists them all.
     */
    public record Read(ContactEvent event, List<FieldError> errors) {
        public boolean ok() {
            return event != null && errors.isEmpty();
        }
    }

    /** Most fields of one event diagnosed one by one; beyond it the rest goes unread. */
    private static final int MAX_DIAGNOSED_FIELDS = 64;

    private final ObjectMapper mapper;
    private final ObjectReader reader;

    public ContactEventJson(ObjectMapper mapper) {
        this.mapper = mapper;
        // Reads one event of a stream: the events after it are not trailing content.
        this.reader = mapper.readerFor(ContactEvent.class)
                .without(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** Maps one JSON object; {@code prefix} names where it sits (e.g. {@code data.}) in error paths. */
    public Read read(JsonNode node, String prefix) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return new Read(null, List.of(new FieldError(prefix.isEmpty() ? "$" : strip(prefix), "is required")));
        }
        if (!node.isObject()) {
            return new Read(null, List.of(new FieldError(prefix.isEmpty() ? "$" : strip(prefix),
                    "must be a JSON object, was " + node.getNodeType().name().toLowerCase())));
        }
        try {
            return new Read(mapper.treeToValue(node, ContactEvent.class), List.of());
        } catch (JsonMappingException e) {
            return diagnose((ObjectNode) node, prefix);
        } catch (JsonProcessingException e) {
            return new Read(null, List.of(new FieldError("$", e.getOriginalMessage())));
        }
    }

    /**
     * The slow path of an event that could not be mapped: each field of the wrong type is named and
     * left out, until what remains maps; that remainder is returned for validation.
     */
    private Read diagnose(ObjectNode node, String prefix) {
        ObjectNode remaining = node.deepCopy();
        List<FieldError> errors = new ArrayList<>();
        for (int attempt = 0; attempt < MAX_DIAGNOSED_FIELDS; attempt++) {
            try {
                return new Read(mapper.treeToValue(remaining, ContactEvent.class), errors);
            } catch (JsonMappingException e) {
                errors.add(JsonFieldErrors.of(e, prefix));
                String field = e.getPath().isEmpty() ? null : e.getPath().get(0).getFieldName();
                if (field == null || remaining.remove(field) == null) {
                    return new Read(null, errors);
                }
            } catch (JsonProcessingException e) {
                errors.add(new FieldError("$", e.getOriginalMessage()));
                return new Read(null, errors);
            }
        }
        return new Read(null, errors);
    }

    /**
     * Maps the value the parser is at, straight from the token stream (no tree in between), and
     * leaves the parser at its last token, also when the value is not a valid event: the next
     * value of a batch is read on. Malformed JSON fails the whole stream.
     */
    public Read read(JsonParser parser, byte[] source) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return new Read(null, List.of(new FieldError("$", "is required")));
        }
        if (token != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return new Read(null, List.of(new FieldError("$", "must be a JSON object, was " + describe(token))));
        }
        JsonStreamContext enclosing = parser.getParsingContext().getParent();
        long start = parser.currentTokenLocation().getByteOffset();
        try {
            return new Read(reader.readValue(parser), List.of());
        } catch (JsonMappingException e) {
            while (parser.getParsingContext() != enclosing && parser.nextToken() != null) {
                // skip what is left of the invalid event
            }
            long end = parser.currentLocation().getByteOffset();
            if (start < 0 || end <= start || end > source.length) {
                return new Read(null, List.of(JsonFieldErrors.of(e, "")));
            }
            // Rare: the event's own bytes are read again as a tree, to name every bad field.
            return read(mapper.readTree(source, (int) start, (int) (end - start)), "");
        }
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "array";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            default -> token.name().toLowerCase();
        };
    }

    /** Parses raw bytes (a Kafka record); malformed JSON is reported on {@code $}. */
    public Read read(byte[] bytes) {
        if (bytes == null) {
            return new Read(null, List.of(new FieldError("$", "the record has no value")));
        }
        try {
            return read(mapper.readTree(bytes), "");
        } catch (java.io.IOException e) {
            String reason = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
            return new Read(null, List.of(new FieldError("$", "not valid JSON: " + reason)));
        }
    }

    private static String strip(String prefix) {
        return JsonFieldErrors.strip(prefix);
    }
}
