package dev.earlywarning.benchmarks;

/**
 * One measured figure, next to the baseline measured in the same run and, where the product has
 * one, its target.
 *
 * @param baseline the same-run baseline in the same unit (NaN when the figure is absolute)
 * @param target the target: a minimum ratio to the baseline, or a maximum absolute value
 * @param targetIsMaximum true when the figure must stay at or below {@code target} (latency, time, memory)
 */
public record Figure(String benchmark, String name, double value, String unit, double baseline, String baselineName,
                     double target, boolean targetIsMaximum) {

    public double ratio() {
        return Double.isNaN(baseline) || baseline == 0 ? Double.NaN : value / baseline;
    }

    public boolean hasTarget() {
        return !Double.isNaN(target);
    }

    public boolean met() {
        if (!hasTarget()) {
            return true;
        }
        return targetIsMaximum ? value <= target : ratio() >= target;
    }

    static Figure versus(String benchmark, String name, double value, String unit, double baseline,
                         String baselineName, double minimumRatio) {
        return new Figure(benchmark, name, value, unit, baseline, baselineName, minimumRatio, false);
    }

    static Figure atMost(String benchmark, String name, double value, String unit, double maximum) {
        return new Figure(benchmark, name, value, unit, Double.NaN, null, maximum, true);
    }

    static Figure info(String benchmark, String name, double value, String unit) {
        return new Figure(benchmark, name, value, unit, Double.NaN, null, Double.NaN, true);
    }
}
