package dev.earlywarning.scorer.domain;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.earlywarning.scorer.domain.rules.SilenceRule;

/**
 * Decides whether a change of health is a churn-risk signal: recovery; else a new red flag, a drop
 * into an alarming band, a sharp fall, or a new silence. At most one signal per change; hysteresis
 * in the bands keeps a customer hovering around a line from flapping.
 */
public final class ChurnRiskDetector {

    /**
     * @param state the state after the change, with the recent scores before it
     * @param cause the event id, or {@code timer@<time>} when time alone changed the health
     */
    public Optional<ChurnRiskSignal> detect(RelationshipState state, HealthAssessment before, HealthAssessment after,
                                            ScoringPolicy policy, String cause) {
        Band bandBefore = before == null ? Band.HEALTHY : before.band();
        Band bandAfter = after.band();
        if (bandBefore.alarming() && !bandAfter.alarming()) {
            return Optional.of(signal(ChurnRiskSignal.Kind.RECOVERED, ChurnRiskSignal.Trigger.RECOVERY, "recovery",
                    ChurnRiskSignal.Severity.INFO, state, before, after, "No action needed", cause));
        }
        Set<String> criticalBefore = before == null ? Set.of() : before.drivers().stream().filter(Driver::critical)
                .map(Driver::rule).collect(Collectors.toSet());
        Optional<Driver> newRedFlag = after.drivers().stream()
                .filter(d -> d.critical() && !criticalBefore.contains(d.rule())).findFirst();
        if (newRedFlag.isPresent()) {
            return Optional.of(signal(ChurnRiskSignal.Kind.RISK_RAISED, ChurnRiskSignal.Trigger.CRITICAL_SIGNAL,
                    newRedFlag.get().rule(), ChurnRiskSignal.Severity.CRITICAL, state, before, after,
                    newRedFlag.get().recommendedAction(), cause));
        }
        Driver top = after.topNegativeDriver().orElse(null);
        String topRule = top == null ? "score" : top.rule();
        String topAction = top == null ? "Contact the customer" : top.recommendedAction();
        ChurnRiskSignal.Severity severity = bandAfter == Band.CRITICAL
                ? ChurnRiskSignal.Severity.CRITICAL : ChurnRiskSignal.Severity.WARNING;
        if (bandAfter.alarming() && bandAfter.worseThan(bandBefore)) {
            return Optional.of(signal(ChurnRiskSignal.Kind.RISK_RAISED, ChurnRiskSignal.Trigger.BAND_DROP, topRule,
                    severity, state, before, after, topAction, cause));
        }
        Instant windowStart = after.assessedAt().minus(policy.signals().sharpFallWindow());
        int recentMax = state.recentScores().stream().filter(p -> !p.at().isBefore(windowStart))
                .mapToInt(RelationshipState.ScorePoint::score).max().orElse(after.score());
        if (recentMax - after.score() > policy.signals().sharpFallPoints()
                && (before == null || after.score() < before.score())) {
            return Optional.of(signal(ChurnRiskSignal.Kind.RISK_RAISED, ChurnRiskSignal.Trigger.SHARP_FALL, topRule,
                    severity, state, before, after, topAction, cause));
        }
        boolean silentBefore = before != null && before.drivers().stream().anyMatch(d -> d.rule().equals(SilenceRule.NAME));
        Optional<Driver> silence = after.drivers().stream().filter(d -> d.rule().equals(SilenceRule.NAME)).findFirst();
        if (silence.isPresent() && !silentBefore) {
            return Optional.of(signal(ChurnRiskSignal.Kind.RISK_RAISED, ChurnRiskSignal.Trigger.SILENCE,
                    SilenceRule.NAME, severity, state, before, after, silence.get().recommendedAction(), cause));
        }
        return Optional.empty();
    }

    private static ChurnRiskSignal signal(ChurnRiskSignal.Kind kind, ChurnRiskSignal.Trigger trigger, String cause,
                                          ChurnRiskSignal.Severity severity, RelationshipState state,
                                          HealthAssessment before, HealthAssessment after, String action,
                                          String triggeredBy) {
        String id = UUID.nameUUIDFromBytes((state.customerId() + '|' + triggeredBy + '|' + trigger)
                .getBytes(StandardCharsets.UTF_8)).toString();
        return new ChurnRiskSignal(ChurnRiskSignal.SCHEMA_VERSION, id, kind, trigger, state.customerId(),
                state.segment(), cause, severity, before == null ? null : before.score(), after.score(),
                before == null ? null : before.band(), after.band(), after.drivers(), action, triggeredBy,
                after.assessedAt(), after.policyVersion());
    }
}
