package dev.earlywarning.backtest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * The backtest's ceiling: gradient-boosted trees (XGBoost) on the same features as the scorer's
 * model plus the segment, fitted on the same kind of observations. Not shipped: it shows how much a
 * far more flexible model could add on these features.
 */
final class Gbm {

    private final Booster booster;
    private final List<String> segments;
    private final int features;

    private Gbm(Booster booster, List<String> segments, int features) {
        this.booster = booster;
        this.segments = segments;
        this.features = features;
    }

    /** Fits on every labelled snapshot of the traces. */
    static Gbm train(List<CustomerTrace> traces, List<String> segments, int features, long horizonSeconds, long end) {
        int rows = 0;
        for (CustomerTrace t : traces) {
            for (CustomerTrace.Point p : t.snapshots()) {
                rows += labelled(t, p, horizonSeconds, end) ? 1 : 0;
            }
        }
        int width = features + segments.size();
        float[] data = new float[rows * width];
        float[] labels = new float[rows];
        int r = 0;
        for (CustomerTrace t : traces) {
            for (CustomerTrace.Point p : t.snapshots()) {
                if (labelled(t, p, horizonSeconds, end)) {
                    fill(data, r * width, p.x(), t.segment() == null ? -1 : segments.indexOf(t.segment()), features);
                    labels[r++] = t.endedWithin(p.at(), horizonSeconds) ? 1 : 0;
                }
            }
        }
        try {
            DMatrix matrix = new DMatrix(data, rows, width, Float.NaN);
            matrix.setLabel(labels);
            Map<String, Object> params = new HashMap<>();
            params.put("objective", "binary:logistic");
            params.put("max_depth", 5);
            params.put("eta", 0.05);
            params.put("subsample", 0.8);
            params.put("colsample_bytree", 0.8);
            params.put("min_child_weight", 20);
            params.put("nthread", Runtime.getRuntime().availableProcessors());
            params.put("seed", 7);
            params.put("verbosity", 0);
            Booster booster = XGBoost.train(matrix, params, 300, new HashMap<>(), null, null);
            matrix.dispose();
            return new Gbm(booster, List.copyOf(segments), features);
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost failed", e);
        }
    }

    static boolean labelled(CustomerTrace t, CustomerTrace.Point p, long horizonSeconds, long end) {
        return p.at() < t.endedAt() && (p.at() + horizonSeconds <= end || t.endedAt() <= end);
    }

    /** Probabilities of the chosen points of every trace, in bulk (one native call per chunk). */
    double[][] predict(List<CustomerTrace> traces, Function<CustomerTrace, List<CustomerTrace.Point>> points) {
        int width = features + segments.size();
        double[][] out = new double[traces.size()][];
        int chunk = 200_000;
        int t = 0;
        while (t < traces.size()) {
            int start = t;
            int rows = 0;
            while (t < traces.size() && rows + points.apply(traces.get(t)).size() <= chunk || (t == start && t < traces.size())) {
                rows += points.apply(traces.get(t)).size();
                t++;
            }
            float[] data = new float[Math.max(1, rows) * width];
            int r = 0;
            for (int i = start; i < t; i++) {
                int segment = traces.get(i).segment() == null ? -1 : segments.indexOf(traces.get(i).segment());
                for (CustomerTrace.Point p : points.apply(traces.get(i))) {
                    fill(data, r++ * width, p.x(), segment, features);
                }
            }
            float[][] predicted;
            try {
                DMatrix matrix = new DMatrix(data, Math.max(1, rows), width, Float.NaN);
                predicted = booster.predict(matrix);
                matrix.dispose();
            } catch (XGBoostError e) {
                throw new IllegalStateException("XGBoost failed", e);
            }
            r = 0;
            for (int i = start; i < t; i++) {
                int n = points.apply(traces.get(i)).size();
                out[i] = new double[n];
                for (int k = 0; k < n; k++) {
                    out[i][k] = predicted[r++][0];
                }
            }
        }
        return out;
    }

    private static void fill(float[] data, int offset, float[] x, int segment, int features) {
        System.arraycopy(x, 0, data, offset, features);
        if (segment >= 0) {
            data[offset + features + segment] = 1;
        }
    }
}
