package dev.earlywarning.scorer.domain;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

/** Decides whether a change of health is a churn-risk signal: entering or worsening an alarming band, or recovering. */
public final class ChurnRiskDetector {

    public Optional<ChurnRiskSignal> detect(String customerId, String segment, HealthAssessment before,
                                            HealthAssessment after, String triggeringEventId) {
        Band bandBefore = before == null ? Band.HEALTHY : before.band();
        Band bandAfter = after.band();
        if (bandAfter.alarming() && bandAfter.worseThan(bandBefore)) {
            Driver top = after.topNegativeDriver().orElse(null);
            return Optional.of(signal(ChurnRiskSignal.Kind.RISK_RAISED, customerId, segment,
                    top == null ? "score" : top.rule(),
                    bandAfter == Band.CRITICAL ? ChurnRiskSignal.Severity.CRITICAL : ChurnRiskSignal.Severity.WARNING,
                    before, after, top == null ? "Contact the customer" : top.recommendedAction(), triggeringEventId));
        }
        if (bandBefore.alarming() && !bandAfter.alarming()) {
            return Optional.of(signal(ChurnRiskSignal.Kind.RECOVERED, customerId, segment, "recovery",
                    ChurnRiskSignal.Severity.INFO, before, after, "No action needed", triggeringEventId));
        }
        return Optional.empty();
    }

    private static ChurnRiskSignal signal(ChurnRiskSignal.Kind kind, String customerId, String segment, String cause,
                                          ChurnRiskSignal.Severity severity, HealthAssessment before,
                                          HealthAssessment after, String action, String triggeringEventId) {
        String id = UUID.nameUUIDFromBytes((customerId + '|' + triggeringEventId + '|' + kind)
                .getBytes(StandardCharsets.UTF_8)).toString();
        return new ChurnRiskSignal(ChurnRiskSignal.SCHEMA_VERSION, id, kind, customerId, segment, cause, severity,
                before == null ? null : before.score(), after.score(), before == null ? null : before.band(),
                after.band(), after.drivers(), action, triggeringEventId, after.assessedAt(), after.policyVersion());
    }
}
