package dev.earlywarning.backtest;

import java.util.Arrays;

/**
 * One detector's record against the ground truth, for one group of customers.
 *
 * <ul>
 *   <li>An alert counts when opened after the warm-up and before the customer cancelled (after that
 *       the organisation knows, and no detector is asked).</li>
 *   <li>It is <b>judged</b> when its outcome is known: the customer cancelled, or the horizon after
 *       the alert lies inside the period. It is <b>right</b> when the customer cancelled within the
 *       horizon after it. Precision = right / judged.</li>
 *   <li>A churner (cancelled after the warm-up) is <b>caught</b> when an alert was opened within the
 *       horizon before it cancelled. Recall = caught / churners. Lead time = days from the first such
 *       alert to the cancellation.</li>
 *   <li>Volume = alerts per 1,000 customers per month of the observed period.</li>
 * </ul>
 */
final class Tally {

    long customers;
    long alerts;
    long judged;
    long right;
    long churners;
    long caught;
    private double[] leadDays = new double[64];
    private int leads;

    void customer(boolean churner) {
        customers++;
        if (churner) {
            churners++;
        }
    }

    void alert(boolean judgedAlert, boolean rightAlert) {
        alerts++;
        if (judgedAlert) {
            judged++;
            if (rightAlert) {
                right++;
            }
        }
    }

    void caught(double days) {
        caught++;
        if (leads == leadDays.length) {
            leadDays = Arrays.copyOf(leadDays, leads * 2);
        }
        leadDays[leads++] = days;
    }

    synchronized void add(Tally other) {
        customers += other.customers;
        alerts += other.alerts;
        judged += other.judged;
        right += other.right;
        churners += other.churners;
        caught += other.caught;
        for (int i = 0; i < other.leads; i++) {
            if (leads == leadDays.length) {
                leadDays = Arrays.copyOf(leadDays, leads * 2);
            }
            leadDays[leads++] = other.leadDays[i];
        }
    }

    double precision() {
        return judged == 0 ? Double.NaN : right / (double) judged;
    }

    double recall() {
        return churners == 0 ? Double.NaN : caught / (double) churners;
    }

    /** Alerts per 1,000 customers per month (30.44 days) over {@code observedDays}. */
    double volume(double observedDays) {
        return customers == 0 ? Double.NaN : alerts * 1000.0 / customers / (observedDays / 30.44);
    }

    /** Share of all churners warned at least {@code days} before they cancelled. */
    double warnedAhead(double days) {
        if (churners == 0) {
            return Double.NaN;
        }
        long warned = 0;
        for (int i = 0; i < leads; i++) {
            warned += leadDays[i] >= days ? 1 : 0;
        }
        return warned / (double) churners;
    }

    double[] leadTimes() {
        double[] sorted = Arrays.copyOf(leadDays, leads);
        Arrays.sort(sorted);
        return sorted;
    }

    double leadQuantile(double q) {
        double[] sorted = leadTimes();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    }
}
