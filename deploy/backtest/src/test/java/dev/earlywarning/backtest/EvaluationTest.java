package dev.earlywarning.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.earlywarning.simulator.GroundTruth;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluationTest {

    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant END = START.plus(Duration.ofDays(365));
    private static final String D = "detector";

    private final Evaluation evaluation = new Evaluation(START, END, Duration.ofDays(30), Duration.ofDays(90),
            List.of(D, Detectors.SCORER, Detectors.NEGATIVE_LAST_CONTACT));

    private static long day(int n) {
        return START.plus(Duration.ofDays(n)).getEpochSecond();
    }

    private static GroundTruth churner(String id, int churnDay) {
        return new GroundTruth(id, "retail", false, false, START.plus(Duration.ofDays(churnDay)), "relationship",
                null, 3);
    }

    private static GroundTruth stayer(String id, String segment) {
        return new GroundTruth(id, segment, false, false, null, null, null, 3);
    }

    @Test
    void anAlertWithinTheHorizonBeforeTheCancellationIsRightAndCatchesTheChurner() {
        evaluation.add(new CustomerAlerts(churner("a", 200), Map.of(D, List.of(day(150), day(190)))));
        Tally t = evaluation.tally(D, Evaluation.ALL);
        assertThat(t.alerts).isEqualTo(2);
        assertThat(t.precision()).isEqualTo(1.0);
        assertThat(t.recall()).isEqualTo(1.0);
        // Lead time runs from the first alert within the horizon.
        assertThat(t.leadQuantile(0.5)).isCloseTo(50, within(1e-9));
    }

    @Test
    void tooEarlyDuringWarmUpOrAfterTheCancellationDoesNotCount() {
        evaluation.add(new CustomerAlerts(churner("b", 300),
                Map.of(D, List.of(day(10), day(100), day(300), day(310)))));
        Tally t = evaluation.tally(D, Evaluation.ALL);
        // Day 10 is warm-up, day 300 and 310 are not before the cancellation: only day 100 counts, and it is
        // 200 days early: wrong, and the churner is not caught.
        assertThat(t.alerts).isEqualTo(1);
        assertThat(t.precision()).isZero();
        assertThat(t.churners).isEqualTo(1);
        assertThat(t.caught).isZero();
        assertThat(t.warnedAhead(1)).isZero();
    }

    @Test
    void anAlertOnAStayerIsJudgedOnlyWhenItsHorizonHasPassed() {
        evaluation.add(new CustomerAlerts(stayer("c", "sme"), Map.of(D, List.of(day(100), day(300)))));
        Tally t = evaluation.tally(D, "sme");
        assertThat(t.alerts).isEqualTo(2);
        assertThat(t.judged).isEqualTo(1);
        assertThat(t.right).isZero();
        assertThat(evaluation.tally(D, "retail").customers).isZero();
        assertThat(evaluation.segments()).containsExactly("sme");
    }

    @Test
    void volumeIsPerThousandCustomersPerMonthOfTheObservedPeriod() {
        for (int i = 0; i < 10; i++) {
            evaluation.add(new CustomerAlerts(stayer("s" + i, "retail"),
                    i == 0 ? Map.of(D, List.of(day(40), day(80), day(120))) : Map.of()));
        }
        // 3 alerts over 10 customers and 335 days: 300 per 1,000 customers per 11 months.
        assertThat(evaluation.tally(D, Evaluation.ALL).volume(evaluation.observedDays()))
                .isCloseTo(3 * 1000.0 / 10 / (335 / 30.44), within(1e-9));
    }

    @Test
    void pairedLeadComparesTheSameChurners() {
        evaluation.add(new CustomerAlerts(churner("p", 200), Map.of(
                Detectors.SCORER, List.of(day(170)), Detectors.NEGATIVE_LAST_CONTACT, List.of(day(180)))));
        evaluation.add(new CustomerAlerts(churner("q", 200), Map.of(Detectors.SCORER, List.of(day(190)))));
        Tally paired = evaluation.paired(Detectors.NEGATIVE_LAST_CONTACT);
        assertThat(paired.caught).isEqualTo(1);
        assertThat(paired.leadQuantile(0.5)).isCloseTo(10, within(1e-9));
    }
}
