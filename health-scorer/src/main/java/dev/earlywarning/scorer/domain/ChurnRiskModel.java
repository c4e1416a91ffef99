package dev.earlywarning.scorer.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The churn risk beside the score: a logistic model over {@link RiskFeatures} whose coefficients
 * live in the policy. Explainable by construction: the log-odds are the intercept plus one share
 * per factor, and a rule's share is its coefficient times its points.
 */
public final class ChurnRiskModel {

    /** The factor that sums the shares too small to name. */
    public static final String OTHER = "other";
    private static final double MIN_NAMED_SHARE = 0.05;

    /** Each model's coefficients in feature order, computed once: a policy has a handful of models. */
    private final java.util.Map<ScoringPolicy.RiskModel, double[]> weights = new java.util.IdentityHashMap<>();

    /**
     * The risk of a customer as assessed.
     *
     * @param alertingBefore whether the customer stood above the alert line at its previous assessment
     */
    public Risk assess(RelationshipState state, HealthAssessment health, ScoringPolicy policy, boolean alertingBefore) {
        ScoringPolicy.RiskModel model = policy.risk();
        double[] w = weights.computeIfAbsent(model, ScoringPolicy.RiskModel::weights);
        double[] x = RiskFeatures.vector(state, health);
        double logOdds = model.intercept();
        List<Risk.Factor> factors = new ArrayList<>(6);
        double small = 0;
        for (int i = 0; i < x.length; i++) {
            double share = w[i] * x[i];
            if (share == 0) {
                continue;
            }
            logOdds += share;
            // The explanation names the factors that move the risk visibly; the rest are summed into
            // one, so the factors still add up (and every stored assessment stays small).
            if (Math.abs(share) >= MIN_NAMED_SHARE) {
                factors.add(new Risk.Factor(RiskFeatures.NAMES.get(i), round(x[i], 1000), round(share, 10_000)));
            } else {
                small += share;
            }
        }
        if (small != 0) {
            factors.add(new Risk.Factor(OTHER, 0, round(small, 10_000)));
        }
        factors.sort(Comparator.comparingDouble(f -> -f.logOdds()));
        double probability = probability(logOdds);
        boolean redFlag = health.drivers().stream().anyMatch(Driver::critical);
        boolean alerting = alerting(probability, alertingBefore, redFlag, policy.alerting());
        return new Risk(round(probability, 10_000), round(logOdds, 10_000), (int) model.horizon().toDays(),
                round(model.intercept(), 10_000), List.copyOf(factors), alerting);
    }

    /**
     * The alert line with hysteresis: above it from {@code threshold}, back below it under
     * {@code recoverBelow}; a red flag keeps a customer above it.
     */
    public static boolean alerting(double probability, boolean before, boolean redFlag, ScoringPolicy.Alerting line) {
        if (redFlag || probability >= line.threshold()) {
            return true;
        }
        return before && probability >= line.recoverBelow();
    }

    public static double probability(double logOdds) {
        return 1 / (1 + Math.exp(-logOdds));
    }

    private static double round(double value, double scale) {
        return Math.round(value * scale) / scale;
    }
}
