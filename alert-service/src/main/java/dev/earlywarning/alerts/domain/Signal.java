package dev.earlywarning.alerts.domain;

import java.time.Instant;
import java.util.List;

/** A churn-risk signal as the alert rules see it. */
public record Signal(String signalId, Kind kind, String customerId, String segment, String cause, Severity severity,
                     Integer scoreBefore, int scoreAfter, String bandBefore, String bandAfter, List<Driver> drivers,
                     String recommendedAction, String triggeringEventId, Instant occurredAt) {

    /** Risk raised, or recovery from it. */
    public enum Kind { RISK_RAISED, RECOVERED }

    /** One reason behind the score, as the scorer explained it. */
    public record Driver(String rule, double points, String reason, String level, List<String> eventIds,
                         String recommendedAction) {
    }
}
