package dev.earlywarning.alerts.domain;

/** What changed about an alert; the webhook event type. */
public enum AlertEventType {
    OPENED("alert.opened"), UPDATED("alert.updated"), ACKNOWLEDGED("alert.acknowledged"), RESOLVED("alert.resolved");

    private final String wireName;

    AlertEventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
