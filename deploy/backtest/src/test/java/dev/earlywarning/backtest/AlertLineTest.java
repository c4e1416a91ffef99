package dev.earlywarning.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earlywarning.scorer.domain.RiskFeatures;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The replayed alert decisions: crossing, hysteresis, red flags, and the two groupings. */
class AlertLineTest {

    private static final AlertLine.Line LINE = new AlertLine.Line(0.2, 0.15);
    private static final int EXIT_INTENT = 1 << RiskFeatures.RULES.indexOf("exit-intent");

    private static CustomerTrace trace(int... flags) {
        List<CustomerTrace.Point> points = new java.util.ArrayList<>();
        for (int i = 0; i < flags.length; i++) {
            points.add(new CustomerTrace.Point(i * 86_400L, new float[RiskFeatures.NAMES.size()], flags[i]));
        }
        return new CustomerTrace("c", null, Long.MAX_VALUE, points, List.of());
    }

    @Test
    void opensOnCrossingStaysOpenAboveTheRecoveryLineAndOpensAgainAfterRecovery() {
        CustomerTrace trace = trace(0, 0, 0, 0, 0);
        double[] p = {0.1, 0.25, 0.16, 0.1, 0.3};
        int[] top = {0, 0, 0, 0, 0};
        assertThat(AlertLine.opened(trace, p, top, LINE, true)).containsExactly(86_400L, 4 * 86_400L);
    }

    @Test
    void aRedFlagOnAnotherCauseOpensASecondAlertPerCauseButIsFoldedInPerCustomer() {
        CustomerTrace trace = trace(0, 0, EXIT_INTENT, EXIT_INTENT);
        double[] p = {0.1, 0.25, 0.3, 0.3};
        int[] top = {0, 0, 0, 0};
        assertThat(AlertLine.opened(trace, p, top, LINE, true, AlertLine.Grouping.PER_CAUSE))
                .containsExactly(86_400L, 2 * 86_400L);
        assertThat(AlertLine.opened(trace, p, top, LINE, true, AlertLine.Grouping.PER_CUSTOMER))
                .containsExactly(86_400L);
    }

    @Test
    void aRedFlagAloneAlertsBelowTheLine() {
        CustomerTrace trace = trace(0, EXIT_INTENT, 0);
        double[] p = {0.01, 0.01, 0.01};
        assertThat(AlertLine.opened(trace, p, null, LINE, true, AlertLine.Grouping.PER_CUSTOMER))
                .containsExactly(86_400L);
        assertThat(AlertLine.opened(trace, p, null, LINE, false)).isEmpty();
    }

    @Test
    void withinTheQuietPeriodACrossingOpensNothingButARedFlagDoes() {
        CustomerTrace trace = trace(0, 0, 0, 0, 0, EXIT_INTENT, 0, 0, 0);
        double[] p = {0.1, 0.25, 0.1, 0.25, 0.1, 0.1, 0.1, 0.1, 0.25};
        int[] top = {0, 0, 0, 0, 0, 0, 0, 0, 0};
        assertThat(AlertLine.opened(trace, p, top, LINE, true, AlertLine.Grouping.PER_CAUSE))
                .containsExactly(86_400L, 3 * 86_400L, 5 * 86_400L, 8 * 86_400L);
        // Closed on day 2; quiet for 3 days: the crossing on day 3 opens nothing, the flag on day 5 does;
        // the flag's alert closes on day 6, so the crossing on day 8 is quiet too.
        assertThat(AlertLine.opened(trace, p, top, new AlertLine.Line(LINE.threshold(), LINE.recoverBelow(), 3 * 86_400L),
                true, AlertLine.Grouping.PER_CAUSE))
                .containsExactly(86_400L, 5 * 86_400L);
    }

    @Test
    void aQuietCrossingsRecoveryStartsTheQuietPeriodAgainAsTheScorersDoes() {
        CustomerTrace trace = trace(0, 0, 0, 0, 0, 0, 0, 0, 0);
        double[] p = {0.1, 0.25, 0.1, 0.25, 0.1, 0.1, 0.25, 0.1, 0.1};
        int[] top = {0, 0, 0, 0, 0, 0, 0, 0, 0};
        // Recovered on day 2, crossed quietly on day 3, recovered again on day 4 (the scorer's recoveredAt):
        // the crossing on day 6 is 4 days after the first recovery but 2 after the last, so it is quiet.
        assertThat(AlertLine.opened(trace, p, top, new AlertLine.Line(LINE.threshold(), LINE.recoverBelow(),
                3 * 86_400L), true, AlertLine.Grouping.PER_CAUSE)).containsExactly(86_400L);
        assertThat(AlertLine.opened(trace, p, top, LINE, true)).containsExactly(86_400L, 3 * 86_400L, 6 * 86_400L);
    }
}
