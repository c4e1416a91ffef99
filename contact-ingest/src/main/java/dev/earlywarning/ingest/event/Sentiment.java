package dev.earlywarning.ingest.event;

import com.fasterxml.jackson.annotation.JsonCreator;

/** The emotion a contact left. */
public enum Sentiment implements Coded {
    POSITIVE, NEUTRAL, NEGATIVE;

    @JsonCreator
    public static Sentiment of(String code) {
        return Coded.parse(Sentiment.class, code);
    }
}
