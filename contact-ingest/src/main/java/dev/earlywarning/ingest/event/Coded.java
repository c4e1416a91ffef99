package dev.earlywarning.ingest.event;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** An enum written in JSON as its lower-case name ("face_to_face"). */
public interface Coded {

    String name();

    @JsonValue
    default String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The value with this code, or an error that lists the allowed codes. */
    static <E extends Enum<E> & Coded> E parse(Class<E> type, String code) {
        for (E value : type.getEnumConstants()) {
            if (value.code().equals(code)) {
                return value;
            }
        }
        throw new IllegalArgumentException("'" + code + "' is not one of " + codes(type));
    }

    static <E extends Enum<E> & Coded> List<String> codes(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Coded::code).toList();
    }
}
