package dev.earlywarning.backtest;

/** The names of the detectors compared in a backtest. */
final class Detectors {

    /** The product: the scorer's churn-risk signals turned into alerts by alert-service's rules. */
    static final String SCORER = "scorer";
    /** The product with the built-in policy, as it ships. */
    static final String SHIPPED = "product: shipped policy";
    /** The product alerting by the first release's rules (band drop, sharp fall, silence). */
    static final String BANDS = "product: first release's band rules";
    /** The product with the fitted policy, blind to exit intent (cancellation enquiries removed). */
    static final String NO_EXIT_INTENT = "product: fitted policy, without exit intent";
    /** A ceiling: gradient-boosted trees on the same features, alerting at the product's volume. */
    static final String GBM = "ceiling: gradient-boosted trees (same features, same volume)";
    /** Ranking by the shipped health score, alerting at the product's volume. */
    static final String SCORE_RANK = "reference: the health score ranked (same volume)";
    /** The scorer's alerts of one cause only. */
    static final String CAUSE = "scorer cause ";
    /** An alert whenever the health score falls below a threshold (the threshold sweep). */
    static final String THRESHOLD = "score below ";
    static final String BASELINE = "baseline: ";
    static final String NPS_DETRACTOR = BASELINE + "NPS detractor answer";
    static final String NEGATIVE_LAST_CONTACT = BASELINE + "negative last contact";
    static final String SILENCE_30_DAYS = BASELINE + "30 days of silence";
    static final String CANCELLATION_ENQUIRY = BASELINE + "cancellation enquiry";
    /** A reference, not a baseline: alerts at random, knowing nothing. Shows what lead time chance gives. */
    static final String RANDOM = "reference: random alerts";

    private Detectors() {
    }

    static String threshold(int score) {
        return THRESHOLD + score;
    }
}
