package dev.earlywarning.scorer.domain;

import java.time.Duration;

/**
 * The numbers behind a score. Each default cites where it comes from
 * ({@code ../shared/domain/relationship-health.md} and its seeds).
 *
 * @param version recorded with every score it produces
 * @param negativeLastContact points for a negative last perceived contact: after a negative last
 *        experience 75% will certainly not buy again (seed 002), so it is the heaviest single signal
 * @param neutralLastContact points for a neutral one: ~30% will certainly not buy again (seed 002)
 * @param unresolvedLastContact extra points when the last contact left the issue unresolved or
 *        abandoned: "solve first time" (seed 004, golden rule 5)
 * @param lastContactHalfLife how fast the last experience fades
 * @param effortPointsPerStep points per CES step above {@code effortNeutral}: effort, not delight,
 *        drives loyalty (seed 004)
 * @param effortNeutral the CES at or below which effort costs nothing (scale 1-7)
 * @param effortHalfLife how fast an effort answer fades
 * @param watchBelow a score below this is WATCH
 * @param atRiskBelow a score below this is AT_RISK
 * @param criticalBelow a score below this is CRITICAL
 * @param fullConfidenceEvents the number of events at which confidence reaches 1
 */
public record ScoringPolicy(String version, double negativeLastContact, double neutralLastContact,
                            double unresolvedLastContact, Duration lastContactHalfLife, double effortPointsPerStep,
                            double effortNeutral, Duration effortHalfLife, int watchBelow, int atRiskBelow,
                            int criticalBelow, int fullConfidenceEvents) {

    public static final ScoringPolicy DEFAULT = new ScoringPolicy("default-2026.11.0",
            -40, -12, -15, Duration.ofDays(90),
            -6, 3, Duration.ofDays(60),
            75, 55, 35, 5);

    public Band band(int score) {
        if (score < criticalBelow) {
            return Band.CRITICAL;
        }
        if (score < atRiskBelow) {
            return Band.AT_RISK;
        }
        return score < watchBelow ? Band.WATCH : Band.HEALTHY;
    }

    /** The weight left of a contribution {@code age} old with this half-life (1 when new). */
    public static double decay(Duration age, Duration halfLife) {
        if (age.isNegative() || age.isZero()) {
            return 1.0;
        }
        return Math.pow(0.5, (double) age.toSeconds() / halfLife.toSeconds());
    }
}
