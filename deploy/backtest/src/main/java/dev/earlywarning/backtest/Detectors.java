package dev.earlywarning.backtest;

/** The names of the detectors compared in a backtest. */
final class Detectors {

    /** The product: the scorer's churn-risk signals turned into alerts by alert-service's rules. */
    static final String SCORER = "scorer";
    /** The scorer's alerts of one cause only. */
    static final String CAUSE = "scorer cause ";
    /** An alert whenever the health score falls below a threshold (the threshold sweep). */
    static final String THRESHOLD = "score below ";
    static final String BASELINE = "baseline: ";
    static final String NPS_DETRACTOR = BASELINE + "NPS detractor answer";
    static final String NEGATIVE_LAST_CONTACT = BASELINE + "negative last contact";
    static final String SILENCE_30_DAYS = BASELINE + "30 days of silence";
    /** A reference, not a baseline: alerts at random, knowing nothing. Shows what lead time chance gives. */
    static final String RANDOM = "reference: random alerts";

    private Detectors() {
    }

    static String threshold(int score) {
        return THRESHOLD + score;
    }
}
