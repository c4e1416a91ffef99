package dev.earlywarning.scorer.domain;

/** Health bands from best to worst. */
public enum Band {
    HEALTHY, WATCH, AT_RISK, CRITICAL;

    public boolean worseThan(Band other) {
        return ordinal() > other.ordinal();
    }

    public boolean betterThan(Band other) {
        return ordinal() < other.ordinal();
    }

    /** At risk or critical: a band that warrants an alert. */
    public boolean alarming() {
        return this == AT_RISK || this == CRITICAL;
    }
}
