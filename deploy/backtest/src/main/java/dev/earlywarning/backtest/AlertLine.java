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

    /**
     * The line: alert from {@code threshold}, recover below {@code recoverBelow}; for {@code quietSeconds}
     * after a recovery, crossing it again opens nothing (the policy's quiet period).
     */
    record Line(double threshold, double recoverBelow, long quietSeconds) {
        Line(double threshold, double recoverBelow) {
            this(threshold, recoverBelow, 0);
        }
    }

    private AlertLine() {
    }

    /**
     * The lowest threshold whose volume stays within {@code budget}: scanned from high to low to the
     * first that exceeds it, then halved between the two. Far below, everyone alerts once before the
     * window and never recovers, so the volume falls again there: the scan stops where it collapses.
     *
     * @param volumeAt the alert volume at a threshold (alerts per 1,000 customers a month)
     */
    static double lowestWithin(java.util.function.DoubleUnaryOperator volumeAt, double budget, double lowest) {
        double chosen = 0.99;
        double exceeded = Double.NaN;
        double most = 0;
        for (double t = 0.99; t > lowest; t /= 1.15) {
            double volume = volumeAt.applyAsDouble(t);
            if (volume > budget) {
                exceeded = t;
                break;
            }
            if (volume < most / 2) {
                break;
            }
            most = Math.max(most, volume);
            chosen = t;
        }
        if (Double.isNaN(exceeded)) {
            return chosen;
        }
        double low = exceeded;
        double high = chosen;
        for (int i = 0; i < 12; i++) {
            double mid = Math.sqrt(low * high);
            if (volumeAt.applyAsDouble(mid) > budget) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return high;
    }

    /** Epoch seconds at which alerts opened, until the customer left. */
    static List<Long> opened(CustomerTrace trace, Risk risk, Line line, boolean redFlags) {
        List<CustomerTrace.Point> points = trace.assessments();
        double[] p = new double[points.size()];
        int[] top = new int[points.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = risk.probability(trace.segment(), points.get(i).x());
            top[i] = risk.topRule(trace.segment(), points.get(i).x());
        }
        return opened(trace, p, top, line, redFlags);
    }

    /**
     * How alert-service groups a customer's alerts: one open alert per cause (the product's rule), or
     * one per customer, a new cause folded into the open alert (a variant the frontier report tries).
     */
    enum Grouping { PER_CAUSE, PER_CUSTOMER }

    /** The same with the risk of every assessment given (a model scored in bulk); {@code topRule} may be null. */
    static List<Long> opened(CustomerTrace trace, double[] probabilities, int[] topRule, Line line, boolean redFlags) {
        return opened(trace, probabilities, topRule, line, redFlags, Grouping.PER_CAUSE);
    }

    /**
     * The same under one alert grouping, with the line's quiet period (the scorer's {@code alerting.quiet}):
     * for {@code line.quietSeconds()} after a customer fell back below the line, the risk crossing it again
     * opens nothing (a red flag still does), so a customer hovering at the line is not alerted over and over.
     */
    static List<Long> opened(CustomerTrace trace, double[] probabilities, int[] topRule, Line line, boolean redFlags,
                             Grouping grouping) {
        long quietSeconds = line.quietSeconds();
        long closedAt = Long.MIN_VALUE / 2;
        boolean perCustomer = grouping == Grouping.PER_CUSTOMER;
        List<Long> opened = new ArrayList<>();
        Set<Integer> open = new HashSet<>();
        boolean before = false;
        int flagsBefore = 0;
        List<CustomerTrace.Point> points = trace.assessments();
        for (int i = 0; i < points.size(); i++) {
            CustomerTrace.Point point = points.get(i);
            if (point.at() >= trace.endedAt()) {
                break;
            }
            double p = probabilities[i];
            int flags = redFlags ? point.redFlags() : 0;
            boolean now = flags != 0 || p >= line.threshold() || (before && p >= line.recoverBelow());
            int newFlags = flags & ~flagsBefore;
            if (before && !now) {
                closedAt = point.at(); // the scorer's recovery, whether or not an alert was open
                open.clear();
            } else if (perCustomer && !open.isEmpty()) {
                // One alert per customer: a new cause is folded into the open alert, not raised.
            } else if (newFlags != 0) {
                if (open.add(Integer.numberOfTrailingZeros(newFlags))) {
                    opened.add(point.at());
                }
            } else if (!before && now && point.at() - closedAt >= quietSeconds) {
                int cause = topRule == null ? -1 : topRule[i];
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
