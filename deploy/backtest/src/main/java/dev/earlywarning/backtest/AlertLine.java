package dev.earlywarning.backtest;

import dev.earlywarning.scorer.domain.RiskFeatures;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The scorer's risk alerting replayed on a {@link CustomerTrace} for any risk function and alert
 * line: the same decisions as {@code ChurnRiskDetector} (recovery, then a new red flag, then the risk
 * crossing the line) and alert-service's rules (one open alert per customer and cause, a recovery
 * resolves them all). Lets calibration try many lines, and models other than the scorer's, in
 * milliseconds instead of replaying the engine.
 */
final class AlertLine {

    /** A risk function: probability and the index of the rule that raised it most (-1 for none or unknown). */
    interface Risk {
        double probability(String segment, float[] x);

        default int topRule(String segment, float[] x) {
            return -1;
        }
    }

    /** The line: alert from {@code threshold}, recover below {@code recoverBelow}. */
    record Line(double threshold, double recoverBelow) {
    }

    private AlertLine() {
    }

    /** Epoch seconds at which alerts opened, until the customer left. */
    static List<Long> opened(CustomerTrace trace, Risk risk, Line line, boolean redFlags) {
        List<Long> opened = new ArrayList<>();
        Set<Integer> open = new HashSet<>();
        boolean before = false;
        int flagsBefore = 0;
        for (CustomerTrace.Point point : trace.assessments()) {
            if (point.at() >= trace.endedAt()) {
                break;
            }
            double p = risk.probability(trace.segment(), point.x());
            int flags = redFlags ? point.redFlags() : 0;
            boolean now = flags != 0 || p >= line.threshold() || (before && p >= line.recoverBelow());
            int newFlags = flags & ~flagsBefore;
            if (before && !now) {
                open.clear();
            } else if (newFlags != 0) {
                if (open.add(Integer.numberOfTrailingZeros(newFlags))) {
                    opened.add(point.at());
                }
            } else if (!before && now) {
                int cause = risk.topRule(trace.segment(), point.x());
                if (open.add(cause < 0 ? RiskFeatures.RULES.size() : cause)) {
                    opened.add(point.at());
                }
            }
            before = now;
            flagsBefore = flags;
        }
        return opened;
    }

    /** The logistic model as a risk function, its top rule by share of the log-odds. */
    static Risk of(LogisticFit.Model model) {
        return new Risk() {
            @Override
            public double probability(String segment, float[] x) {
                return model.probability(segment, x);
            }

            @Override
            public int topRule(String segment, float[] x) {
                int top = -1;
                double best = 0;
                for (int j = 0; j < RiskFeatures.RULES.size(); j++) {
                    double share = model.coefficients()[j] * x[j];
                    if (share > best) {
                        best = share;
                        top = j;
                    }
                }
                return top;
            }
        };
    }
}
