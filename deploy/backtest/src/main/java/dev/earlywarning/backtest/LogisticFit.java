package dev.earlywarning.backtest;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.math3.analysis.MultivariateFunction;
import org.apache.commons.math3.analysis.MultivariateVectorFunction;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.SimpleValueChecker;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunctionGradient;
import org.apache.commons.math3.optim.nonlinear.scalar.gradient.NonLinearConjugateGradientOptimizer;

/**
 * A logistic model with one intercept per segment, fitted by maximum likelihood with a small ridge
 * penalty on the coefficients, using Apache Commons Math's non-linear conjugate-gradient optimiser.
 */
public final class LogisticFit {

    /** One observation: segment index, features, and whether the customer left within the horizon. */
    public record Row(int segment, float[] x, boolean left) {
    }

    /** A fitted model: intercept per segment name, coefficient per feature. */
    public record Model(Map<String, Double> intercepts, double[] coefficients) {

        public double logOdds(String segment, float[] x) {
            double z = intercepts.getOrDefault(segment, intercepts.get(DEFAULT));
            for (int j = 0; j < coefficients.length; j++) {
                z += coefficients[j] * x[j];
            }
            return z;
        }

        public double probability(String segment, float[] x) {
            return 1 / (1 + Math.exp(-logOdds(segment, x)));
        }
    }

    public static final String DEFAULT = "default";

    private LogisticFit() {
    }

    /**
     * @param segments the segment names, by index as the rows use them
     * @param ridge the L2 penalty on the coefficients (not the intercepts), per observation
     */
    public static Model fit(List<Row> rows, List<String> segments, int features, double ridge) {
        int s = segments.size();
        int n = rows.size();
        long[] positives = new long[s];
        long[] counts = new long[s];
        for (Row row : rows) {
            counts[row.segment()]++;
            positives[row.segment()] += row.left() ? 1 : 0;
        }
        double[] start = new double[s + features];
        for (int k = 0; k < s; k++) {
            double rate = (positives[k] + 0.5) / (counts[k] + 1.0);
            start[k] = Math.log(rate / (1 - rate));
        }
        MultivariateFunction loss = beta -> {
            double total = 0;
            for (Row row : rows) {
                double z = z(beta, row, s, features);
                // log(1 + e^z) - y z, computed without overflow
                total += (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - (row.left() ? z : 0);
            }
            double penalty = 0;
            for (int j = 0; j < features; j++) {
                penalty += beta[s + j] * beta[s + j];
            }
            return total / n + ridge * penalty;
        };
        MultivariateVectorFunction gradient = beta -> {
            double[] g = new double[beta.length];
            for (Row row : rows) {
                double residual = 1 / (1 + Math.exp(-z(beta, row, s, features))) - (row.left() ? 1 : 0);
                g[row.segment()] += residual;
                for (int j = 0; j < features; j++) {
                    g[s + j] += residual * row.x()[j];
                }
            }
            for (int i = 0; i < g.length; i++) {
                g[i] /= n;
            }
            for (int j = 0; j < features; j++) {
                g[s + j] += 2 * ridge * beta[s + j];
            }
            return g;
        };
        NonLinearConjugateGradientOptimizer optimizer = new NonLinearConjugateGradientOptimizer(
                NonLinearConjugateGradientOptimizer.Formula.POLAK_RIBIERE, new SimpleValueChecker(1e-10, 1e-12));
        PointValuePair best = optimizer.optimize(new MaxEval(20_000), new MaxIter(5_000),
                new ObjectiveFunction(loss), new ObjectiveFunctionGradient(gradient), GoalType.MINIMIZE,
                new InitialGuess(start));
        double[] beta = best.getPoint();
        Map<String, Double> intercepts = new TreeMap<>();
        double pooled = 0;
        long all = 0;
        for (int k = 0; k < s; k++) {
            intercepts.put(segments.get(k), beta[k]);
            pooled += beta[k] * counts[k];
            all += counts[k];
        }
        // A segment the data did not have gets the count-weighted mean intercept.
        intercepts.putIfAbsent(DEFAULT, all == 0 ? 0 : pooled / all);
        double[] coefficients = new double[features];
        System.arraycopy(beta, s, coefficients, 0, features);
        return new Model(intercepts, coefficients);
    }

    private static double z(double[] beta, Row row, int s, int features) {
        double z = beta[row.segment()];
        float[] x = row.x();
        for (int j = 0; j < features; j++) {
            z += beta[s + j] * x[j];
        }
        return z;
    }
}
