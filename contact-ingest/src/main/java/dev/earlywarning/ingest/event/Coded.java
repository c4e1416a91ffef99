package dev.earlywarning.ingest.event;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonValue;

/** An enum written in JSON as its lower-case name ("face_to_face"). */
public interface Coded {

    String name();

    int ordinal();

    @JsonValue
    default String code() {
        // Looked up, not lower-cased per call: every field of every event goes through here (profiled).
        return Codes.CODES.get(getClass())[ordinal()];
    }

    /** The value with this code, or an error that lists the allowed codes. */
    static <E extends Enum<E> & Coded> E parse(Class<E> type, String code) {
        Enum<?> value = code == null ? null : Codes.BY_CODE.get(type).get(code);
        if (value == null) {
            throw new IllegalArgumentException("'" + code + "' is not one of " + codes(type));
        }
        return type.cast(value);
    }

    static <E extends Enum<E> & Coded> List<String> codes(Class<E> type) {
        return List.of(Codes.CODES.get(type));
    }

    /** The codes of each enum, computed once per type. */
    final class Codes {

        static final ClassValue<String[]> CODES = new ClassValue<>() {
            @Override
            protected String[] computeValue(Class<?> type) {
                Class<?> enumType = type.isEnum() ? type : type.getSuperclass(); // constant-specific bodies
                return Arrays.stream(enumType.getEnumConstants()).map(e -> ((Enum<?>) e).name().toLowerCase(Locale.ROOT))
                        .toArray(String[]::new);
            }
        };

        static final ClassValue<Map<String, Enum<?>>> BY_CODE = new ClassValue<>() {
            @Override
            protected Map<String, Enum<?>> computeValue(Class<?> type) {
                Map<String, Enum<?>> byCode = new HashMap<>();
                String[] codes = CODES.get(type);
                Object[] values = type.getEnumConstants();
                for (int i = 0; i < values.length; i++) {
                    byCode.put(codes[i], (Enum<?>) values[i]);
                }
                return Map.copyOf(byCode);
            }
        };

        private Codes() {
        }
    }
}
