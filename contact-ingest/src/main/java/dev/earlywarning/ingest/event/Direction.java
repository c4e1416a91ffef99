package dev.earlywarning.ingest.event;

import com.fasterxml.jackson.annotation.JsonCreator;

/** Who reached out: the customer (inbound) or the organisation (outbound). */
public enum Direction implements Coded {
    INBOUND, OUTBOUND;

    @JsonCreator
    public static Direction of(String code) {
        return Coded.parse(Direction.class, code);
    }
}
