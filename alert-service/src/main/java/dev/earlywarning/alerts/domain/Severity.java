package dev.earlywarning.alerts.domain;

/** How urgent an alert is, from least to most. */
public enum Severity {
    INFO, WARNING, CRITICAL;

    public boolean atLeast(Severity minimum) {
        return ordinal() >= minimum.ordinal();
    }
}
