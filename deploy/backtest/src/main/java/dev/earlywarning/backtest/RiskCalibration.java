package dev.earlywarning.backtest;

import dev.earlywarning.scorer.domain.PolicyBook;
import dev.earlywarning.scorer.policy.PolicyLoader;
import dev.earlywarning.scorer.domain.RiskFeatures;
import dev.earlywarning.scorer.domain.ScoringPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import java.util.TreeSet;

/**
 * Fits the churn-risk model on an organisation's own history and chooses the alert line that
 * spends its alert budget, validated on a time split: the model learns from observations whose
 * outcome was known before the split and is judged on the customers' later months, never on a
 * random sample of the same months. Also says, rule by rule, how often customers left after it fired.
 */
public final class RiskCalibration {

    /**
     * @param horizon the risk is of leaving within it
     * @param warmUp the first days of the data: nobody has history yet, nothing is observed
     * @param snapshotEvery how often every customer is observed for the model
     * @param budgetPerThousand alerts per 1,000 customers per month: "default" for all customers together,
     *        and a segment's own where operations set one
     * @param recoverRatio the recovery line as a share of the threshold (hysteresis)
     * @param ridge L2 penalty on the coefficients
     * @param quiet the alert policy's quiet period after a recovery (the scorer's {@code alerting.quiet})
     */
    public record Options(Duration horizon, Duration warmUp, Duration snapshotEvery,
                          Map<String, Double> budgetPerThousand, double recoverRatio, double ridge, Duration quiet) {
        /** The shipped policy's quiet period (chosen by the frontier report, docs/backtest/frontier.md). */
        public static final Duration QUIET = PolicyLoader.builtIn().defaults().alerting().quiet();

        public static Options defaults() {
            return new Options(Duration.ofDays(90), Duration.ofDays(30), Duration.ofDays(15),
                    Map.of(LogisticFit.DEFAULT, 50.0), 0.75, 1e-4, QUIET);
        }

        public Options withQuiet(Duration other) {
            return new Options(horizon, warmUp, snapshotEvery, budgetPerThousand, recoverRatio, ridge, other);
        }

        double budget(String segment) {
            return budgetPerThousand.getOrDefault(segment, budgetPerThousand.get(LogisticFit.DEFAULT));
        }
    }

    /** How a model did on the validation months. */
    public record Validation(long rows, long positives, double auc, double calibrationError, double logLoss,
                             double alertsPerThousandPerMonth, double precision, double recall,
                             double medianLeadDays, long churners) {
    }

    /** A customer-month view of one rule: how many times it fired and how many of those customers left. */
    public record RuleRate(String rule, boolean redFlag, long fired, long left) {
        public double rate() {
            return fired == 0 ? Double.NaN : (double) left / fired;
        }
    }

    /** The line per segment: threshold, recovery line and critical level. */
    public record Line(double threshold, double recoverBelow, double criticalAt, double budgetPerThousand) {
    }

    /**
     * Everything a calibration found. {@code fitted} and {@code current} are judged on the validation
     * months, the fitted model trained before the split; {@code model} and {@code lines} are what is
     * written: the same fit made again on all {@code labelledRows} observations.
     */
    public record Result(LogisticFit.Model model, Map<String, Line> lines, Validation fitted, Validation current,
                         Instant dataFrom, Instant dataTo, Instant split, long customers, long churners,
                         long trainingRows, long trainingPositives, long labelledRows, double baseRate,
                         List<RuleRate> rules) {
        /** The same calibration with another alert line (set on another population's volume). */
        public Result withLines(Map<String, Line> other) {
            return new Result(model, other, fitted, current, dataFrom, dataTo, split, customers, churners,
                    trainingRows, trainingPositives, labelledRows, baseRate, rules);
        }

        /** A policy that validates worse than the current one (lower precision at the budget) is not written. */
        public boolean better() {
            boolean fittedAlerts = !Double.isNaN(fitted.precision());
            boolean currentAlerts = !Double.isNaN(current.precision());
            if (fittedAlerts != currentAlerts) {
                return fittedAlerts; // a line that raises no judged alert at the budget tells nothing
            }
            if (!fittedAlerts) {
                return fitted.auc() >= current.auc();
            }
            return fitted.precision() >= current.precision() - 1e-9;
        }
    }

    private RiskCalibration() {
    }

    /** Snapshot times of a period: every {@code every} from the end of the warm-up. */
    public static long[] snapshotTimes(Instant start, Instant end, Options options) {
        List<Long> times = new ArrayList<>();
        for (Instant t = start.plus(options.warmUp()); t.isBefore(end); t = t.plus(options.snapshotEvery())) {
            times.add(t.getEpochSecond());
        }
        return times.stream().mapToLong(Long::longValue).toArray();
    }

    /** The split: the data's last half-year is validation (at least one horizon), the rest training. */
    public static Instant split(Instant start, Instant end, Options options) {
        Duration half = Duration.between(start, end).dividedBy(2);
        Duration validation = half.compareTo(options.horizon()) > 0 ? half : options.horizon();
        return end.minus(validation);
    }

    public static Result calibrate(List<CustomerTrace> traces, Instant start, Instant end, PolicyBook current,
                                   Options options) {
        Instant split = split(start, end, options);
        long h = options.horizon().toSeconds();
        long splitAt = split.getEpochSecond();
        long endAt = end.getEpochSecond();
        List<String> segments = new ArrayList<>(new TreeSet<>(traces.stream().map(CustomerTrace::segment)
                .map(s -> s == null ? LogisticFit.DEFAULT : s).toList()));
        Map<String, Integer> segmentIndex = new HashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            segmentIndex.put(segments.get(i), i);
        }
        List<LogisticFit.Row> training = new ArrayList<>();
        List<LogisticFit.Row> labelled = new ArrayList<>();
        long positives = 0;
        long all = 0;
        long allPositive = 0;
        for (CustomerTrace trace : traces) {
            int segment = segmentIndex.get(trace.segment() == null ? LogisticFit.DEFAULT : trace.segment());
            for (CustomerTrace.Point p : trace.snapshots()) {
                if (p.at() >= trace.endedAt() || !(p.at() + h <= endAt || trace.endedAt() <= endAt)) {
                    continue;
                }
                boolean left = trace.endedWithin(p.at(), h);
                labelled.add(new LogisticFit.Row(segment, p.x(), left));
                all++;
                allPositive += left ? 1 : 0;
                // Training: outcome known before the split, so nothing of the validation months leaks in.
                if (p.at() + h <= splitAt) {
                    training.add(new LogisticFit.Row(segment, p.x(), left));
                    positives += left ? 1 : 0;
                }
            }
        }
        if (positives == 0) {
            throw new IllegalArgumentException("No customer left within " + options.horizon().toDays()
                    + " days of an observation before " + split + ": nothing to learn from");
        }
        LogisticFit.Model model = LogisticFit.fit(training, segments, RiskFeatures.NAMES.size(), options.ridge());
        AlertLine.Risk fitted = AlertLine.of(model);
        AlertLine.Risk shipped = AlertLine.of(fromPolicy(current, segments));
        Instant trainFrom = start.plus(options.warmUp());
        Map<String, Line> lines = lines(traces, fitted, trainFrom, split, options);
        Map<String, Line> currentLines = lines(traces, shipped, trainFrom, split, options);
        Validation validation = validate(traces, fitted, lines, split, end, options);
        Validation replaced = validate(traces, shipped, currentLines, split, end, options);
        // Validated, the same fit is made again on every labelled observation, the newest months
        // included, and its line set on the whole period's volume: what is written.
        LogisticFit.Model written = LogisticFit.fit(labelled, segments, RiskFeatures.NAMES.size(), options.ridge());
        Map<String, Line> writtenLines = lines(traces, AlertLine.of(written), trainFrom, end, options);
        long churners = traces.stream().filter(t -> t.endedAt() <= endAt).count();
        return new Result(written, writtenLines, validation, replaced, start, end, split, traces.size(), churners,
                training.size(), positives, labelled.size(), all == 0 ? Double.NaN : (double) allPositive / all,
                ruleRates(traces, h, endAt));
    }

    /** The current policy's model in the fit's form, to be judged on the same months. */
    static LogisticFit.Model fromPolicy(PolicyBook book, List<String> segments) {
        Map<String, Double> intercepts = new TreeMap<>();
        intercepts.put(LogisticFit.DEFAULT, book.defaults().risk().intercept());
        for (String segment : segments) {
            intercepts.put(segment, book.forSegment(segment).risk().intercept());
        }
        return new LogisticFit.Model(intercepts, book.defaults().risk().weights());
    }

    /**
     * The lowest threshold whose alerts stay within the budget over the window. Segments with a budget
     * of their own get a line of their own; all others share one line and the default budget, so their
     * alerts go to the customers most at risk whatever their segment.
     */
    public static Map<String, Line> lines(List<CustomerTrace> traces, AlertLine.Risk risk, Instant from, Instant to,
                                   Options options) {
        Map<String, List<CustomerTrace>> groups = new TreeMap<>();
        Set<String> segments = new TreeSet<>();
        for (CustomerTrace t : traces) {
            String segment = t.segment() == null ? LogisticFit.DEFAULT : t.segment();
            segments.add(segment);
            String group = options.budgetPerThousand().containsKey(segment) ? segment : LogisticFit.DEFAULT;
            groups.computeIfAbsent(group, g -> new ArrayList<>()).add(t);
        }
        Map<String, Line> byGroup = new TreeMap<>();
        double months = Duration.between(from, to).toSeconds() / 86_400.0 / 30.44;
        groups.forEach((group, members) -> {
            double budget = options.budget(group);
            double chosen = AlertLine.lowestWithin(t -> volume(members, risk,
                    new AlertLine.Line(t, t * options.recoverRatio(), options.quiet().toSeconds()), from, to, months),
                    budget, 0.001);
            // Rounded up: a line rounded below a crowd's common risk would put the whole crowd above it.
            double threshold = Math.ceil(chosen * 10_000) / 10_000;
            byGroup.put(group, new Line(threshold, round(threshold * options.recoverRatio()),
                    round(Math.min(0.99, Math.max(threshold, 2 * threshold))), budget));
        });
        Map<String, Line> lines = new TreeMap<>();
        if (byGroup.containsKey(LogisticFit.DEFAULT)) {
            lines.put(LogisticFit.DEFAULT, byGroup.get(LogisticFit.DEFAULT));
        }
        for (String segment : segments) {
            lines.put(segment, byGroup.getOrDefault(segment, byGroup.get(LogisticFit.DEFAULT)));
        }
        return lines;
    }

    private static double volume(List<CustomerTrace> group, AlertLine.Risk risk, AlertLine.Line line, Instant from,
                                 Instant to, double months) {
        long alerts = 0;
        long fromAt = from.getEpochSecond();
        long toAt = to.getEpochSecond();
        for (CustomerTrace trace : group) {
            for (long at : AlertLine.opened(trace, risk, line, true)) {
                alerts += at >= fromAt && at < toAt ? 1 : 0;
            }
        }
        return alerts * 1000.0 / group.size() / months;
    }

    /** AUC, calibration and log-loss on the validation snapshots; the alert figures over the validation months. */
    static Validation validate(List<CustomerTrace> traces, AlertLine.Risk risk, Map<String, Line> lines, Instant split,
                               Instant end, Options options) {
        long h = options.horizon().toSeconds();
        long splitAt = split.getEpochSecond();
        long endAt = end.getEpochSecond();
        List<double[]> scored = new ArrayList<>();
        for (CustomerTrace trace : traces) {
            for (CustomerTrace.Point p : trace.snapshots()) {
                if (p.at() < splitAt || p.at() >= trace.endedAt()
                        || !(p.at() + h <= endAt || trace.endedAt() <= endAt)) {
                    continue;
                }
                scored.add(new double[] {risk.probability(trace.segment(), p.x()), trace.endedWithin(p.at(), h) ? 1 : 0});
            }
        }
        Tally tally = new Tally();
        for (CustomerTrace trace : traces) {
            Line line = lines.getOrDefault(trace.segment() == null ? LogisticFit.DEFAULT : trace.segment(),
                    lines.values().iterator().next());
            boolean churner = trace.endedAt() >= splitAt && trace.endedAt() <= endAt;
            tally.customer(churner);
            Long first = null;
            for (long at : AlertLine.opened(trace, risk, new AlertLine.Line(line.threshold(), line.recoverBelow(),
                    options.quiet().toSeconds()), true)) {
                if (at < splitAt || at >= endAt) {
                    continue;
                }
                boolean right = trace.endedWithin(at, h);
                tally.alert(right || at + h <= endAt, right);
                if (churner && right && first == null) {
                    first = at;
                }
            }
            if (first != null) {
                tally.caught((trace.endedAt() - first) / 86_400.0);
            }
        }
        double observedDays = (endAt - splitAt) / 86_400.0;
        long positives = scored.stream().filter(r -> r[1] == 1).count();
        return new Validation(scored.size(), positives, auc(scored), calibrationError(scored, 10), logLoss(scored),
                tally.volume(observedDays), tally.precision(), tally.recall(), tally.leadQuantile(0.5), tally.churners);
    }

    /** Area under the ROC curve (Mann–Whitney), ties counted half. */
    static double auc(List<double[]> scored) {
        double[][] rows = scored.toArray(double[][]::new);
        Arrays.sort(rows, (a, b) -> Double.compare(a[0], b[0]));
        long positives = 0;
        double rankSum = 0;
        int i = 0;
        while (i < rows.length) {
            int j = i;
            while (j < rows.length && rows[j][0] == rows[i][0]) {
                j++;
            }
            double rank = (i + 1 + j) / 2.0;
            for (int k = i; k < j; k++) {
                if (rows[k][1] == 1) {
                    positives++;
                    rankSum += rank;
                }
            }
            i = j;
        }
        long negatives = rows.length - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /** Expected calibration error over equal-count bins: how far predicted risk lies from the observed rate. */
    static double calibrationError(List<double[]> scored, int bins) {
        double[][] rows = scored.toArray(double[][]::new);
        Arrays.sort(rows, (a, b) -> Double.compare(a[0], b[0]));
        double error = 0;
        for (int b = 0; b < bins; b++) {
            int from = (int) ((long) rows.length * b / bins);
            int to = (int) ((long) rows.length * (b + 1) / bins);
            if (to <= from) {
                continue;
            }
            double predicted = 0;
            double observed = 0;
            for (int k = from; k < to; k++) {
                predicted += rows[k][0];
                observed += rows[k][1];
            }
            error += Math.abs(predicted - observed) / rows.length;
        }
        return error;
    }

    /** Predicted against observed rate per bin of predicted risk, for the calibration plot. */
    static List<double[]> calibrationCurve(List<double[]> scored, int bins) {
        double[][] rows = scored.toArray(double[][]::new);
        Arrays.sort(rows, (a, b) -> Double.compare(a[0], b[0]));
        List<double[]> curve = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            int from = (int) ((long) rows.length * b / bins);
            int to = (int) ((long) rows.length * (b + 1) / bins);
            double predicted = 0;
            double observed = 0;
            for (int k = from; k < to; k++) {
                predicted += rows[k][0];
                observed += rows[k][1];
            }
            if (to > from) {
                curve.add(new double[] {predicted / (to - from), observed / (to - from)});
            }
        }
        return curve;
    }

    static double logLoss(List<double[]> scored) {
        double total = 0;
        for (double[] r : scored) {
            double p = Math.min(1 - 1e-12, Math.max(1e-12, r[0]));
            total -= r[1] == 1 ? Math.log(p) : Math.log(1 - p);
        }
        return scored.isEmpty() ? Double.NaN : total / scored.size();
    }

    /**
     * For every rule: how often it newly lowered a customer's health (at most once per customer per
     * horizon) and how many of those customers left within the horizon; red flags apart.
     */
    static List<RuleRate> ruleRates(List<CustomerTrace> traces, long h, long endAt) {
        int rules = RiskFeatures.RULES.size();
        long[] fired = new long[rules * 2];
        long[] left = new long[rules * 2];
        for (CustomerTrace trace : traces) {
            long[] last = new long[rules * 2];
            Arrays.fill(last, Long.MIN_VALUE / 2);
            float[] before = new float[rules];
            int flagsBefore = 0;
            for (CustomerTrace.Point p : trace.assessments()) {
                if (p.at() >= trace.endedAt()) {
                    break;
                }
                boolean known = p.at() + h <= endAt || trace.endedAt() <= endAt;
                for (int j = 0; j < rules; j++) {
                    boolean newly = p.x()[j] > 0 && before[j] <= 0;
                    boolean newFlag = (p.redFlags() & ~flagsBefore & (1 << j)) != 0;
                    for (int kind = 0; kind < 2; kind++) {
                        int k = j + kind * rules;
                        if ((kind == 0 ? newly : newFlag) && known && p.at() - last[k] >= h) {
                            last[k] = p.at();
                            fired[k]++;
                            left[k] += trace.endedWithin(p.at(), h) ? 1 : 0;
                        }
                    }
                    before[j] = p.x()[j];
                }
                flagsBefore = p.redFlags();
            }
        }
        List<RuleRate> rates = new ArrayList<>();
        for (int j = 0; j < rules; j++) {
            rates.add(new RuleRate(RiskFeatures.RULES.get(j), false, fired[j], left[j]));
            if (fired[j + rules] > 0) {
                rates.add(new RuleRate(RiskFeatures.RULES.get(j), true, fired[j + rules], left[j + rules]));
            }
        }
        return rates;
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
