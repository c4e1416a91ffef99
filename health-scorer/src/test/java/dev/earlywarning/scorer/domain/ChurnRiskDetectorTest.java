package dev.earlywarning.scorer.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class ChurnRiskDetectorTest {

    private static final Instant NOW = Instant.parse("2026-03-01T09:00:00Z");
    private final ChurnRiskDetector detector = new ChurnRiskDetector();

    private static HealthAssessment health(int score, Band band, Driver... drivers) {
        return new HealthAssessment(score, band, List.of(drivers), 1.0, "p1", NOW);
    }

    private static Driver driver(String rule, double points) {
        return new Driver(rule, points, "reason", Level.CONTACT, List.of("e1"), "Call back");
    }

    @Test
    void enteringAnAlarmingBandRaisesRiskWithTheTopDriverAsCause() {
        var signal = detector.detect("C-1", "retail", health(80, Band.HEALTHY),
                health(30, Band.CRITICAL, driver("effort", -18), driver("last-contact-experience", -55)), "e9");

        assertThat(signal).isPresent();
        assertThat(signal.get().kind()).isEqualTo(ChurnRiskSignal.Kind.RISK_RAISED);
        assertThat(signal.get().severity()).isEqualTo(ChurnRiskSignal.Severity.CRITICAL);
        assertThat(signal.get().cause()).isEqualTo("last-contact-experience");
        assertThat(signal.get().scoreBefore()).isEqualTo(80);
        assertThat(signal.get().scoreAfter()).isEqualTo(30);
        assertThat(signal.get().recommendedAction()).isEqualTo("Call back");
    }

    @Test
    void theSignalIdIsDeterministic() {
        var a = detector.detect("C-1", null, null, health(40, Band.AT_RISK, driver("effort", -60)), "e9").orElseThrow();
        var b = detector.detect("C-1", null, null, health(40, Band.AT_RISK, driver("effort", -60)), "e9").orElseThrow();
        var other = detector.detect("C-1", null, null, health(40, Band.AT_RISK, driver("effort", -60)), "e10")
                .orElseThrow();
        assertThat(a.signalId()).isEqualTo(b.signalId()).isNotEqualTo(other.signalId());
        assertThat(a.severity()).isEqualTo(ChurnRiskSignal.Severity.WARNING);
    }

    @Test
    void noSignalWhileStayingInTheSameBandOrImprovingWithinAlarm() {
        assertThat(detector.detect("C-1", null, health(40, Band.AT_RISK), health(38, Band.AT_RISK), "e2")).isEmpty();
        assertThat(detector.detect("C-1", null, health(20, Band.CRITICAL), health(40, Band.AT_RISK), "e2")).isEmpty();
        assertThat(detector.detect("C-1", null, health(90, Band.HEALTHY), health(60, Band.WATCH), "e2")).isEmpty();
    }

    @Test
    void leavingAlarmIsARecovery() {
        var signal = detector.detect("C-1", null, health(30, Band.CRITICAL), health(80, Band.HEALTHY), "e3");
        assertThat(signal).get().extracting(ChurnRiskSignal::kind).isEqualTo(ChurnRiskSignal.Kind.RECOVERED);
    }
}
