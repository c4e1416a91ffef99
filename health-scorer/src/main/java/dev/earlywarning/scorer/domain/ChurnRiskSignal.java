package dev.earlywarning.scorer.domain;

import java.time.Instant;
import java.util.List;

/**
 * The scorer's statement that a relationship crossed a line. {@code signalId} is deterministic
 * (customer, triggering event, kind), so a re-emit after a crash is recognisable downstream.
 */
public record ChurnRiskSignal(int schemaVersion, String signalId, Kind kind, String customerId, String segment,
                              String cause, Severity severity, Integer scoreBefore, int scoreAfter, Band bandBefore,
                              Band bandAfter, List<Driver> drivers, String recommendedAction, String triggeringEventId,
                              Instant occurredAt, String policyVersion) {

    public static final int SCHEMA_VERSION = 1;

    /** A relationship entered an alarming band, or recovered from one. */
    public enum Kind { RISK_RAISED, RECOVERED }

    /** How urgent: AT_RISK is a warning, CRITICAL is critical; a recovery is informational. */
    public enum Severity { INFO, WARNING, CRITICAL }
}
