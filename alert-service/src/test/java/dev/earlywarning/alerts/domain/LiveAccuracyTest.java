package dev.earlywarning.alerts.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The product's own hit rate: precision, recall, lead time and usefulness, by the backtest's definitions. */
class LiveAccuracyTest {

    private static final Instant TO = Instant.parse("2026-12-01T00:00:00Z");
    private static final Instant FROM = TO.minus(Duration.ofDays(365));
    private static final Duration HORIZON = Duration.ofDays(90);

    private static Instant daysBefore(long days) {
        return TO.minus(Duration.ofDays(days));
    }

    private static LiveAccuracy.AlertFact alert(String customer, String cause, String segment, long daysAgo,
                                                Boolean useful) {
        return new LiveAccuracy.AlertFact(customer, cause, segment, daysBefore(daysAgo), useful);
    }

    @Test
    void precisionCountsJudgedAlertsRecallCountsWarnedChurnersLeadIsFromTheFirstAlert() {
        List<LiveAccuracy.AlertFact> alerts = List.of(
                alert("A", "promises", "retail", 200, true),      // A left 160 days ago, 40 days after: right
                alert("A", "effort", "retail", 180, null),        // 20 days before: right
                alert("B", "promises", "sme", 200, false),        // B stays, horizon passed: judged, wrong
                alert("C", "effort", "retail", 30, null),         // horizon not passed, C stays: not judged
                alert("D", "promises", "sme", 10, null),          // D left 5 days ago: right though recent
                alert("E", "effort", "retail", 100, null));       // E left 120 days ago, before it: not counted
        List<LiveAccuracy.Ending> endings = List.of(
                new LiveAccuracy.Ending("A", "retail", daysBefore(160)),
                new LiveAccuracy.Ending("D", "sme", daysBefore(5)),
                new LiveAccuracy.Ending("E", "retail", daysBefore(120)),
                new LiveAccuracy.Ending("F", "sme", daysBefore(50)));   // F left with no alert: missed

        LiveAccuracy.Report report = LiveAccuracy.measure(alerts, endings, FROM, TO, HORIZON);

        LiveAccuracy.Figures all = report.overall();
        assertThat(all.alerts()).isEqualTo(5);
        assertThat(all.judged()).isEqualTo(4);
        assertThat(all.right()).isEqualTo(3);
        assertThat(all.precision()).isEqualTo(0.75);
        assertThat(all.churners()).isEqualTo(4);
        assertThat(all.warned()).isEqualTo(2);                    // A (first alert 40 days ahead) and D (5 days)
        assertThat(all.recall()).isEqualTo(0.5);
        assertThat(all.medianLeadDays()).isEqualTo(22.5);
        assertThat(all.warnedAhead14Days()).isEqualTo(0.25);
        assertThat(all.warnedAhead30Days()).isEqualTo(0.25);
        assertThat(all.rated()).isEqualTo(2);
        assertThat(all.usefulShare()).isEqualTo(0.5);
        assertThat(report.horizonDays()).isEqualTo(90);

        LiveAccuracy.Figures promises = report.byCause().get("promises");
        assertThat(promises.judged()).isEqualTo(3);
        assertThat(promises.precision()).isEqualTo(0.6667);
        assertThat(promises.warned()).isEqualTo(2);
        assertThat(report.byCause().get("effort").medianLeadDays()).isEqualTo(20.0);
        LiveAccuracy.Figures sme = report.bySegment().get("sme");
        assertThat(sme.churners()).isEqualTo(2);
        assertThat(sme.warned()).isEqualTo(1);
        assertThat(sme.precision()).isEqualTo(0.5);
    }

    @Test
    void nothingToDivideIsNoFigureRatherThanZero() {
        LiveAccuracy.Report report = LiveAccuracy.measure(List.of(), List.of(), FROM, TO, HORIZON);
        assertThat(report.overall().precision()).isNull();
        assertThat(report.overall().recall()).isNull();
        assertThat(report.overall().medianLeadDays()).isNull();
        assertThat(report.byCause()).isEmpty();
    }
}
