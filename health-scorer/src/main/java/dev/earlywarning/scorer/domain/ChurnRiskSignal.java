package dev.earlywarning.scorer.domain;

import java.time.Instant;
import java.util.List;

/**
 * The scorer's statement that a relationship crossed a line. {@code signalId} is deterministic
 * (customer, what triggered it, trigger), so a re-emit after a crash is recognisable downstream.
 *
 * @param kind RISK_RAISED or RECOVERED (what alert-service acts on)
 * @param trigger which line was crossed
 * @param triggeringEventId the event that caused it, or {@code timer@<time>} when time alone did
 * @param risk the churn risk after the change, with its factors (null under the {@code BANDS} alerting mode
 *        when the policy has no model)
 */
public record ChurnRiskSignal(int schemaVersion, String signalId, Kind kind, Trigger trigger, String customerId,
                              String segment, String cause, Severity severity, Integer scoreBefore, int scoreAfter,
                              Band bandBefore, Band bandAfter, List<Driver> drivers, String recommendedAction,
                              String triggeringEventId, Instant occurredAt, String policyVersion, Risk risk) {

    public static final int SCHEMA_VERSION = 1;

    /**
     * A relationship entered an alarming state, or recovered from one; or an outcome: the customer
     * left (its alerts are resolved as churned, and it raises no more signals) or renewed.
     */
    public enum Kind { RISK_RAISED, RECOVERED, ENDED, RENEWED }

    /** Which line was crossed. */
    public enum Trigger { BAND_DROP, SHARP_FALL, CRITICAL_SIGNAL, SILENCE, RECOVERY, RISK_THRESHOLD,
        RELATIONSHIP_ENDED, RELATIONSHIP_RENEWED }

    /** How urgent: a critical band or a red flag is critical; a recovery is informational. */
    public enum Severity { INFO, WARNING, CRITICAL }
}
