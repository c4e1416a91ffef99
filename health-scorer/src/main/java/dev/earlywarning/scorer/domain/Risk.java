package dev.earlywarning.scorer.domain;

import java.util.List;
import java.util.Optional;

/**
 * The probability that a customer leaves within the policy's horizon, with why: the log-odds are
 * the model's base plus each factor's share, so the shares add up to the risk's log-odds exactly.
 *
 * @param probability 0–1, of leaving within the horizon
 * @param logOdds {@code baseLogOdds} plus the factors' log-odds
 * @param horizonDays the horizon the probability is about
 * @param baseLogOdds the model's intercept for this segment: a customer with no signals at all
 * @param factors what raises or lowers the risk, largest rise first; a rule's factor carries its name
 * @param alerting whether the customer stands above the alert line (with the line's hysteresis, and
 *        always while a red flag is up): what the detector compares between two assessments
 */
public record Risk(double probability, double logOdds, int horizonDays, double baseLogOdds, List<Factor> factors,
                   boolean alerting) {

    /**
     * One factor's share of the risk.
     *
     * @param name a rule's name (its driver), a state feature ({@link RiskFeatures}), or {@code other}: the
     *        shares too small to name, summed
     * @param value the feature's value (a rule's: minus its points, in tens)
     * @param logOdds the coefficient times the value
     */
    public record Factor(String name, double value, double logOdds) {
    }

    /** What a snapshot keeps of a risk: the probability and whether it stood above the alert line. */
    public static Risk remembered(double probability, boolean alerting) {
        return new Risk(probability, 0, 0, 0, List.of(), alerting);
    }


    /** The factor of a rule that raises the risk most, if any does. */
    public Optional<Factor> topRuleFactor() {
        return factors.stream().filter(f -> f.logOdds() > 0 && RiskFeatures.RULES.contains(f.name()))
                .findFirst();
    }
}
