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
    public enum Kind { RISK_RAISED, RECOVERED, ENDED, RENEWED,
        /** The customer was erased: downstream services erase it too (its scores and bands are not carried). */
        ERASED }

    /** Which line was crossed. */
    public enum Trigger { BAND_DROP, SHARP_FALL, CRITICAL_SIGNAL, SILENCE, RECOVERY, RISK_THRESHOLD,
        RELATIONSHIP_ENDED, RELATIONSHIP_RENEWED, ERASURE }

    /**
     * The signal that a customer was erased, after every earlier signal of it (same key): its id is
     * deterministic (customer, erasure event), so a re-emit is recognised.
     */
    public static ChurnRiskSignal erased(String customerId, String erasureEventId, Instant at) {
        String id = java.util.UUID.nameUUIDFromBytes((customerId + '|' + erasureEventId + "|ERASURE")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
        return new ChurnRiskSignal(SCHEMA_VERSION, id, Kind.ERASED, Trigger.ERASURE, customerId, null, "erasure",
                Severity.INFO, null, 0, null, null, List.of(), null, erasureEventId, at, null, null);
    }

    /** How urgent: a critical band or a red flag is critical; a recovery is informational. */
    public enum Severity { INFO, WARNING, CRITICAL }
}
