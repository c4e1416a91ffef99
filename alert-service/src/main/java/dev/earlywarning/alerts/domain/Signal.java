package dev.earlywarning.alerts.domain;

import java.time.Instant;
import java.util.List;

/**
 * A churn-risk signal as the alert rules see it; {@code risk} is the churn risk (0–1), if the scorer
 * sent one. {@code traceparent} is the W3C trace context it arrived under, if any: the deliveries it
 * causes continue that trace (the rules never read it).
 */
public record Signal(String signalId, Kind kind, String customerId, String segment, String cause, Severity severity,
                     Integer scoreBefore, int scoreAfter, String bandBefore, String bandAfter, List<Driver> drivers,
                     String recommendedAction, String triggeringEventId, Instant occurredAt, Double risk,
                     String traceparent) {

    public Signal(String signalId, Kind kind, String customerId, String segment, String cause, Severity severity,
                  Integer scoreBefore, int scoreAfter, String bandBefore, String bandAfter, List<Driver> drivers,
                  String recommendedAction, String triggeringEventId, Instant occurredAt, Double risk) {
        this(signalId, kind, customerId, segment, cause, severity, scoreBefore, scoreAfter, bandBefore, bandAfter,
                drivers, recommendedAction, triggeringEventId, occurredAt, risk, null);
    }

    public Signal(String signalId, Kind kind, String customerId, String segment, String cause, Severity severity,
                  Integer scoreBefore, int scoreAfter, String bandBefore, String bandAfter, List<Driver> drivers,
                  String recommendedAction, String triggeringEventId, Instant occurredAt) {
        this(signalId, kind, customerId, segment, cause, severity, scoreBefore, scoreAfter, bandBefore, bandAfter,
                drivers, recommendedAction, triggeringEventId, occurredAt, null, null);
    }

    /** The same signal, arrived under the given trace context. */
    public Signal traced(String traceparent) {
        return new Signal(signalId, kind, customerId, segment, cause, severity, scoreBefore, scoreAfter, bandBefore,
                bandAfter, drivers, recommendedAction, triggeringEventId, occurredAt, risk, traceparent);
    }

    /**
     * Risk raised, or recovery from it; or what became of the customer: it left (its open alerts are
     * resolved as churned) or renewed.
     */
    /** ERASED: the customer was erased; everything held of it goes (it never reaches the alert rules). */
    public enum Kind { RISK_RAISED, RECOVERED, ENDED, RENEWED, ERASED }

    /** One reason behind the score, as the scorer explained it. */
    public record Driver(String rule, double points, String reason, String level, List<String> eventIds,
                         String recommendedAction) {
    }
}
