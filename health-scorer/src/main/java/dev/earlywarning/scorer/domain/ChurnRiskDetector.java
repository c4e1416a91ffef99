package dev.earlywarning.scorer.domain;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.earlywarning.scorer.domain.rules.SilenceRule;

/**
 * Decides whether a change of health is a churn-risk signal. At most one signal per change.
 *
 * <p>Under the policy's {@code RISK} alerting (the default): recovery when the churn risk falls back
 * below the alert line; else a new red flag; else the risk crossing the alert line, whose height the
 * calibration chose to spend the alert budget. Under {@code BANDS} (the first release's rules):
 * recovery, a new red flag, a drop into an alarming band, a sharp fall, a new silence. Outcomes
 * (the customer left, or renewed) are signals of their own.
 */
public final class ChurnRiskDetector {

    /** What an event did to the relationship's life, beyond its health. */
    public enum Lifecycle { NONE, ENDED, RENEWED }

    /**
     * @param state the state after the change, with the recent scores before it
     * @param cause the event id, or {@code timer@<time>} when time alone changed the health
     */
    public Optional<ChurnRiskSignal> detect(RelationshipState state, HealthAssessment before, HealthAssessment after,
                                            ScoringPolicy policy, String cause) {
        return detect(state, before, after, policy, cause, Lifecycle.NONE);
    }

    public Optional<ChurnRiskSignal> detect(RelationshipState state, HealthAssessment before, HealthAssessment after,
                                            ScoringPolicy policy, String cause, Lifecycle lifecycle) {
        if (lifecycle == Lifecycle.ENDED) {
            return Optional.of(signal(ChurnRiskSignal.Kind.ENDED, ChurnRiskSignal.Trigger.RELATIONSHIP_ENDED,
                    "relationship-ended", ChurnRiskSignal.Severity.INFO, state, before, after,
                    "No action: the customer has left", cause));
        }
        if (lifecycle == Lifecycle.RENEWED) {
            return Optional.of(signal(ChurnRiskSignal.Kind.RENEWED, ChurnRiskSignal.Trigger.RELATIONSHIP_RENEWED,
                    "relationship-renewed", ChurnRiskSignal.Severity.INFO, state, before, after,
                    "No action needed", cause));
        }
        if (state.ended()) {
            return Optional.empty(); // a closed relationship raises nothing
        }
        return policy.alerting().mode() == ScoringPolicy.Alerting.Mode.RISK
                ? onRisk(state, before, after, policy, cause)
                : onBands(state, before, after, policy, cause);
    }

    /** Whether the customer recovered within the policy's quiet period: its crossing the line raises nothing. */
    private static boolean quiet(RelationshipState state, HealthAssessment after, ScoringPolicy policy) {
        Instant recovered = state.recoveredAt();
        return recovered != null && after.assessedAt().isBefore(recovered.plus(policy.alerting().quiet()));
    }

    private Optional<ChurnRiskSignal> onRisk(RelationshipState state, HealthAssessment before, HealthAssessment after,
                                             ScoringPolicy policy, String cause) {
        boolean alertingBefore = before != null && before.alerting();
        boolean alertingAfter = after.alerting();
        if (alertingBefore && !alertingAfter) {
            return Optional.of(signal(ChurnRiskSignal.Kind.RECOVERED, ChurnRiskSignal.Trigger.RECOVERY, "recovery",
                    ChurnRiskSignal.Severity.INFO, state, before, after, "No action needed", cause));
        }
        Optional<ChurnRiskSignal> redFlag = newRedFlag(state, before, after, cause);
        if (redFlag.isPresent()) {
            return redFlag;
        }
        if (!alertingBefore && alertingAfter && !quiet(state, after, policy)) {
            Risk risk = after.risk();
            String rule = risk.topRuleFactor().map(Risk.Factor::name).orElse("score");
            Driver driver = after.drivers().stream().filter(d -> d.rule().equals(rule)).findFirst()
                    .or(after::topNegativeDriver).orElse(null);
            ChurnRiskSignal.Severity severity = risk.probability() >= policy.alerting().criticalAt()
                    ? ChurnRiskSignal.Severity.CRITICAL : ChurnRiskSignal.Severity.WARNING;
            return Optional.of(signal(ChurnRiskSignal.Kind.RISK_RAISED, ChurnRiskSignal.Trigger.RISK_THRESHOLD, rule,
                    severity, state, before, after,
                    driver == null ? "Contact the customer" : driver.recommendedAction(), cause));
        }
        return Optional.empty();
    }

    private Optional<ChurnRiskSignal> newRedFlag(RelationshipState state, HealthAssessment before,
                                                 HealthAssessment after, String cause) {
        Set<String> criticalBefore = before == null ? Set.of() : before.drivers().stream().filter(Driver::critical)
                .map(Driver::rule).collect(Collectors.toSet());
        return after.drivers().stream().filter(d -> d.critical() && !criticalBefore.contains(d.rule())).findFirst()
                .map(flag -> signal(ChurnRiskSignal.Kind.RISK_RAISED, ChurnRiskSignal.Trigger.CRITICAL_SIGNAL,
                        flag.rule(), ChurnRiskSignal.Severity.CRITICAL, state, before, after,
                        flag.recommendedAction(), cause));
    }

    private Optional<ChurnRiskSignal> onBands(RelationshipState state, HealthAssessment before, HealthAssessment after,
                                              ScoringPolicy policy, String cause) {
        Band bandBefore = before == null ? Band.HEALTHY : before.band();
        Band bandAfter = after.band();
        if (bandBefore.alarming() && !bandAfter.alarming()) {
            return Optional.of(signal(ChurnRiskSignal.Kind.RECOVERED, ChurnRiskSignal.Trigger.RECOVERY, "recovery",
                    ChurnRiskSignal.Severity.INFO, state, before, after, "No action needed", cause));
        }
        Optional<ChurnRiskSignal> redFlag = newRedFlag(state, before, after, cause);
        if (redFlag.isPresent()) {
            return redFlag;
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
                after.assessedAt(), after.policyVersion(), after.risk());
    }
}
