package dev.earlywarning.scorer.domain;

import java.time.Duration;
import java.util.Map;

/**
 * The numbers behind a score: weights, half-lives, windows and thresholds, one group per rule.
 * Loaded from {@code scoring-policy.yaml}, where each number cites where it comes from.
 *
 * @param version recorded with every score it produces
 * @param fullConfidenceEvents the number of events at which confidence reaches 1
 */
public record ScoringPolicy(String version, int fullConfidenceEvents, Bands bands, Signals signals,
                            LastContact lastContact, Effort effort, RepeatContact repeatContact,
                            Responsiveness responsiveness, Promises promises, Complaints complaints, Silence silence,
                            OverContact overContact, Voice voice, ExitIntent exitIntent, RiskModel risk,
                            Alerting alerting) {

    /** Band thresholds; leaving a worse band needs {@code hysteresis} points above its line. */
    public record Bands(int watchBelow, int atRiskBelow, int criticalBelow, int hysteresis) {
    }

    /** When a change of health is a signal beyond a band drop. */
    public record Signals(int sharpFallPoints, Duration sharpFallWindow) {
    }

    public record LastContact(double negative, double neutral, double unresolved, Duration halfLife) {
    }

    public record Effort(double pointsPerStep, double neutral, Duration halfLife) {
    }

    public record RepeatContact(Duration window, double perRepeat, int redFlagAt, double redFlag,
                                double perChannelHop, Duration halfLife) {
    }

    public record Responsiveness(Map<ContactFact.Channel, Duration> norms, double perBreach, double perAbandoned,
                                 Duration halfLife) {
        public Duration norm(ContactFact.Channel channel) {
            return norms.getOrDefault(channel, norms.getOrDefault(ContactFact.Channel.OTHER, Duration.ofDays(1)));
        }
    }

    public record Promises(double broken, double overdue, double kept, Duration halfLife) {
    }

    public record Complaints(double open, Duration slowAfter, double slow, double reopened, double resolvedFirstTime,
                             Duration halfLife) {
    }

    public record Silence(Duration normalGap, double points, double maxPoints) {
    }

    public record OverContact(Duration window, int limit, double perExtra) {
    }

    public record Voice(double detractor, double passive, double promoter, double lowCsat, double npsDrop,
                        Duration halfLife) {
    }

    public record ExitIntent(Duration window, double cancellation, double renewalWithNegatives) {
    }

    /**
     * The churn-risk model: a logistic model over {@link RiskFeatures}, fitted on outcomes by the
     * calibration command, which records where it came from in {@code provenance}.
     *
     * @param horizon the probability is of leaving within this time
     * @param intercept the log-odds of a customer with every feature at 0
     * @param coefficients per feature name; a feature left out weighs 0
     */
    public record RiskModel(Duration horizon, double intercept, Map<String, Double> coefficients) {
        public RiskModel {
            coefficients = Map.copyOf(coefficients);
            for (String name : coefficients.keySet()) {
                if (!RiskFeatures.NAMES.contains(name)) {
                    throw new IllegalArgumentException("Unknown risk feature '" + name + "'; known: " + RiskFeatures.NAMES);
                }
            }
        }

        /** The coefficients in the order of {@link RiskFeatures#NAMES}. */
        public double[] weights() {
            double[] w = new double[RiskFeatures.NAMES.size()];
            for (int i = 0; i < w.length; i++) {
                w[i] = coefficients.getOrDefault(RiskFeatures.NAMES.get(i), 0.0);
            }
            return w;
        }
    }

    /**
     * When a customer is alerted on.
     *
     * @param mode {@code RISK}: when the churn risk crosses {@code threshold} (chosen by calibration to
     *        spend the alert budget) or a red flag goes up; {@code BANDS}: the first release's rules
     *        (a drop into at risk or critical, a sharp fall, a new silence, a red flag)
     * @param threshold the risk at which an alert opens
     * @param recoverBelow the risk below which an alerted customer recovers (hysteresis)
     * @param criticalAt the risk from which an alert is critical rather than a warning
     * @param budgetPerThousand the alerts per 1,000 customers per month the threshold was chosen to spend
     * @param quiet for this long after a customer recovered, the risk crossing the line again raises
     *        nothing (a red flag still does): a customer hovering at the line is not alerted over and over,
     *        and the budget goes to others. Default none.
     */
    public record Alerting(Mode mode, double threshold, double recoverBelow, double criticalAt,
                           double budgetPerThousand, Duration quiet) {
        public enum Mode { RISK, BANDS }

        public Alerting {
            if (!(recoverBelow <= threshold && threshold <= criticalAt)) {
                throw new IllegalArgumentException("alerting needs recoverBelow <= threshold <= criticalAt");
            }
            quiet = quiet == null ? Duration.ZERO : quiet;
            if (quiet.isNegative()) {
                throw new IllegalArgumentException("alerting's quiet period must not be negative");
            }
        }

        public Alerting(Mode mode, double threshold, double recoverBelow, double criticalAt, double budgetPerThousand) {
            this(mode, threshold, recoverBelow, criticalAt, budgetPerThousand, Duration.ZERO);
        }
    }

    /** The same policy alerting by other rules. */
    public ScoringPolicy withAlerting(Alerting other) {
        return new ScoringPolicy(version, fullConfidenceEvents, bands, signals, lastContact, effort, repeatContact,
                responsiveness, promises, complaints, silence, overContact, voice, exitIntent, risk, other);
    }

    /** The same policy with another risk model. */
    public ScoringPolicy withRisk(RiskModel other) {
        return new ScoringPolicy(version, fullConfidenceEvents, bands, signals, lastContact, effort, repeatContact,
                responsiveness, promises, complaints, silence, overContact, voice, exitIntent, other, alerting);
    }

    /** The band of a score, given the band before: improving needs the hysteresis margin. */
    public Band band(int score, Band before) {
        Band plain = band(score);
        if (before == null || !plain.betterThan(before)) {
            return plain;
        }
        // Moving up must clear the line of the band above `before` by the margin; else stay.
        Band withMargin = band(score - bands.hysteresis());
        return withMargin.betterThan(before) ? withMargin : before;
    }

    public Band band(int score) {
        if (score < bands.criticalBelow()) {
            return Band.CRITICAL;
        }
        if (score < bands.atRiskBelow()) {
            return Band.AT_RISK;
        }
        return score < bands.watchBelow() ? Band.WATCH : Band.HEALTHY;
    }

    /** The weight left of a contribution {@code age} old with this half-life (1 when new, or in the future). */
    public static double decay(Duration age, Duration halfLife) {
        if (age.isNegative() || age.isZero()) {
            return 1.0;
        }
        return Math.pow(0.5, (double) age.toSeconds() / halfLife.toSeconds());
    }

    /** Points rounded to one decimal, as drivers report them. */
    public static double round(double points) {
        return Math.round(points * 10) / 10.0;
    }
}
