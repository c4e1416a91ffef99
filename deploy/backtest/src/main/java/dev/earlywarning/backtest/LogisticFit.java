package dev.earlywarning.backtest;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;

/**
 * A logistic model with one intercept per segment, fitted by maximum likelihood with a small ridge
 * penalty on the coefficients: Newton's method, its linear systems solved by Apache Commons Math.
 */
public final class LogisticFit {

    /** One observation: segment index, features, and whether the customer left within the horizon. */
    public record Row(int segment, float[] x, boolean left) {
    }

    /** A fitted model: intercept per segment name, coefficient per feature. */
    public record Model(Map<String, Double> intercepts, double[] coefficients) {

        public double logOdds(String segment, float[] x) {
            Double own = segment == null ? null : intercepts.get(segment);
            double z = own != null ? own : intercepts.get(DEFAULT);
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
        // Newton's method on the penalised log-likelihood (iteratively reweighted least squares): the
        // Hessian is solved with Commons Math's Cholesky decomposition. A conjugate-gradient search
        // stopped after one tiny step on some data sets; Newton converges in a handful of exact steps.
        int p = s + features;
        double[] beta = start.clone();
        for (int iteration = 0; iteration < 50; iteration++) {
            double[] gradient = new double[p];
            double[][] hessian = new double[p][p];
            double[] row = new double[p];
            for (Row r : rows) {
                java.util.Arrays.fill(row, 0, s, 0);
                row[r.segment()] = 1;
                for (int j = 0; j < features; j++) {
                    row[s + j] = r.x()[j];
                }
                double z = 0;
                for (int k = 0; k < p; k++) {
                    z += beta[k] * row[k];
                }
                double prob = 1 / (1 + Math.exp(-z));
                double residual = (r.left() ? 1 : 0) - prob;
                double weight = Math.max(prob * (1 - prob), 1e-10);
                for (int a = 0; a < p; a++) {
                    if (row[a] == 0) {
                        continue;
                    }
                    gradient[a] += residual * row[a];
                    for (int b = a; b < p; b++) {
                        hessian[a][b] += weight * row[a] * row[b];
                    }
                }
            }
            for (int a = 0; a < p; a++) {
                gradient[a] /= n;
                for (int b = a; b < p; b++) {
                    hessian[a][b] /= n;
                    hessian[b][a] = hessian[a][b];
                }
                // The ridge: on the coefficients; a trace on the intercepts keeps the system definite.
                double penalty = a >= s ? 2 * ridge : 1e-9;
                hessian[a][a] += penalty;
                gradient[a] -= a >= s ? 2 * ridge * beta[a] : 0;
            }
            double[] step = new CholeskyDecomposition(new Array2DRowRealMatrix(hessian, false), 1e-12, 1e-14)
                    .getSolver().solve(new ArrayRealVector(gradient, false)).toArray();
            double largest = 0;
            for (int k = 0; k < p; k++) {
                beta[k] += step[k];
                largest = Math.max(largest, Math.abs(step[k]));
            }
            if (largest < 1e-8) {
                break;
            }
        }
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

}
