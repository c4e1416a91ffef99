package dev.earlywarning.backtest;

import java.util.List;

/**
 * What the scorer's engine saw of one customer, as the risk model reads it: the feature vector
 * ({@code RiskFeatures}) at every assessment and at monthly snapshots, which red flags were up, and
 * when (if ever) the customer left. Enough to refit the model and replay its alert line without
 * running the engine again: the features do not depend on the model.
 *
 * @param endedAt epoch seconds the customer left, or {@link Long#MAX_VALUE} while it stayed
 */
public record CustomerTrace(String customerId, String segment, long endedAt, List<Point> assessments,
                            List<Point> snapshots) {

    /**
     * The customer at one moment.
     *
     * @param at epoch seconds
     * @param x the features, in the order of {@code RiskFeatures.NAMES}
     * @param redFlags bit i set when rule i of {@code RiskFeatures.RULES} raised a red flag
     */
    public record Point(long at, float[] x, int redFlags) {
    }

    public boolean endedWithin(long at, long horizonSeconds) {
        return endedAt > at && endedAt - at <= horizonSeconds;
    }
}
