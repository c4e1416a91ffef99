package dev.earlywarning.ingest.event;

import com.fasterxml.jackson.annotation.JsonCreator;

/** How a contact ended. */
public enum Outcome implements Coded {
    RESOLVED, UNRESOLVED, ESCALATED, TRANSFERRED, ABANDONED;

    @JsonCreator
    public static Outcome of(String code) {
        return Coded.parse(Outcome.class, code);
    }
}
