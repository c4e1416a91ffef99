package dev.earlywarning.scorer.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.earlywarning.scorer.policy.PolicyLoader;

class ChurnRiskDetectorTest {

    private static final Instant NOW = Instant.parse("2026-03-01T09:00:00Z");
    private final ChurnRiskDetector detector = new ChurnRiskDetector();
    /** The first release's alerting rules (bands, sharp fall, silence); the risk line has tests of its own. */
    private final ScoringPolicy policy = bands(PolicyLoader.builtIn().defaults());

    static ScoringPolicy bands(ScoringPolicy policy) {
        ScoringPolicy.Alerting a = policy.alerting();
        return policy.withAlerting(new ScoringPolicy.Alerting(ScoringPolicy.Alerting.Mode.BANDS, a.threshold(),
                a.recoverBelow(), a.criticalAt(), a.budgetPerThousand()));
    }
    private final RelationshipState state = RelationshipState.empty("C-1");

    private static HealthAssessment health(int score, Band band, Driver... drivers) {
        return new HealthAssessment(score, band, List.of(drivers), 1.0, "p1", NOW);
    }

    private static Driver driver(String rule, double points, boolean critical) {
        return new Driver(rule, points, "reason", Level.CONTACT, List.of("e1"), "Call back", critical);
    }

    @Test
    void enteringAnAlarmingBandRaisesRiskWithTheTopDriverAsCause() {
        var signal = detector.detect(state, health(80, Band.HEALTHY),
                health(30, Band.CRITICAL, driver("last-contact-experience", -55, false), driver("effort", -18, false)),
                policy, "e9").orElseThrow();

        assertThat(signal.kind()).isEqualTo(ChurnRiskSignal.Kind.RISK_RAISED);
        assertThat(signal.trigger()).isEqualTo(ChurnRiskSignal.Trigger.BAND_DROP);
        assertThat(signal.severity()).isEqualTo(ChurnRiskSignal.Severity.CRITICAL);
        assertThat(signal.cause()).isEqualTo("last-contact-experience");
        assertThat(signal.scoreBefore()).isEqualTo(80);
        assertThat(signal.scoreAfter()).isEqualTo(30);
        assertThat(signal.recommendedAction()).isEqualTo("Call back");
    }

    @Test
    void aNewRedFlagIsACriticalSignalEvenInAGoodBand() {
        var signal = detector.detect(state, health(90, Band.HEALTHY),
                health(78, Band.HEALTHY, driver("repeat-contact", -22, true)), policy, "e3").orElseThrow();
        assertThat(signal.trigger()).isEqualTo(ChurnRiskSignal.Trigger.CRITICAL_SIGNAL);
        assertThat(signal.cause()).isEqualTo("repeat-contact");
        assertThat(signal.severity()).isEqualTo(ChurnRiskSignal.Severity.CRITICAL);
        // The same red flag again is not a new signal.
        assertThat(detector.detect(state, health(78, Band.HEALTHY, driver("repeat-contact", -22, true)),
                health(76, Band.HEALTHY, driver("repeat-contact", -24, true)), policy, "e4")).isEmpty();
    }

    @Test
    void aSharpFallWithinTheWindowIsASignalInsideOneBand() {
        RelationshipState remembered = state.withScore(NOW.minusSeconds(3600), 100);
        var signal = detector.detect(remembered, health(100, Band.HEALTHY),
                health(76, Band.HEALTHY, driver("effort", -24, false)), policy, "e5").orElseThrow();
        assertThat(signal.trigger()).isEqualTo(ChurnRiskSignal.Trigger.SHARP_FALL);
        assertThat(signal.severity()).isEqualTo(ChurnRiskSignal.Severity.WARNING);
    }

    @Test
    void theSignalIdIsDeterministic() {
        var after = health(40, Band.AT_RISK, driver("effort", -60, false));
        var a = detector.detect(state, null, after, policy, "e9").orElseThrow();
        var b = detector.detect(state, null, after, policy, "e9").orElseThrow();
        var other = detector.detect(state, null, after, policy, "e10").orElseThrow();
        assertThat(a.signalId()).isEqualTo(b.signalId()).isNotEqualTo(other.signalId());
        assertThat(a.severity()).isEqualTo(ChurnRiskSignal.Severity.WARNING);
    }

    @Test
    void noSignalWhileStayingInTheSameBandOrImprovingWithinAlarm() {
        assertThat(detector.detect(state, health(40, Band.AT_RISK), health(38, Band.AT_RISK), policy, "e2")).isEmpty();
        assertThat(detector.detect(state, health(20, Band.CRITICAL), health(40, Band.AT_RISK), policy, "e2")).isEmpty();
        assertThat(detector.detect(state, health(90, Band.HEALTHY), health(80, Band.HEALTHY), policy, "e2")).isEmpty();
    }

    @Test
    void leavingAlarmIsARecovery() {
        var signal = detector.detect(state, health(30, Band.CRITICAL), health(80, Band.HEALTHY), policy, "e3");
        assertThat(signal).get().extracting(ChurnRiskSignal::kind).isEqualTo(ChurnRiskSignal.Kind.RECOVERED);
        assertThat(signal).get().extracting(ChurnRiskSignal::trigger).isEqualTo(ChurnRiskSignal.Trigger.RECOVERY);
    }
}
