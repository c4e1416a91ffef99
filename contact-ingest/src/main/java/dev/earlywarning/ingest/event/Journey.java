package dev.earlywarning.ingest.event;

import com.fasterxml.jackson.annotation.JsonCreator;

/** The goal a contact belongs to. */
public enum Journey implements Coded {
    ONBOARDING, CHANGE, ORDER_DELIVERY, COMPLAINT, RENEWAL, CONTRACT_CHANGE, CANCELLATION, INFORMATION, BILLING;

    @JsonCreator
    public static Journey of(String code) {
        return Coded.parse(Journey.class, code);
    }
}
