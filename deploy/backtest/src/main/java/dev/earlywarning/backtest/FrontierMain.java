package dev.earlywarning.backtest;

import dev.earlywarning.scorer.domain.RiskFeatures;
import dev.earlywarning.scorer.policy.PolicyLoader;
import dev.earlywarning.simulator.SimulationConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Where the backtest's bars pull against each other: the same budget spent under different alert
 * policies (one alert per cause or per customer, the recovery line's hysteresis) and two model
 * forms (the shipped logistic, and the same with each state feature's square), each fitted on one
 * population and judged on the other, beside the gradient-boosted ceiling under the same policy.
 */
@Command(name = "frontier", mixinStandardHelpOptions = true,
        description = "Precision, recall and lead at one alert budget under alert-policy variants")
public final class FrontierMain implements Callable<Integer> {

    @Option(names = "--config", split = ",",
            defaultValue = "deploy/simulator/simulation.yaml,deploy/backtest/second-population.yaml",
            description = "The two simulation configs")
    List<Path> configs;

    @Option(names = "--customers", description = "Override each population's size (quick runs)")
    Integer customers;

    @Option(names = "--budget", defaultValue = "50", description = "Alerts per 1,000 customers a month")
    double budget;

    @Option(names = "--out", defaultValue = "docs/backtest/frontier.md")
    Path out;

    @Option(names = "--recent-negatives", description = "Also try the model with the negative experiences of the "
            + "last weeks (TraceRecorder.RECENT_NEGATIVES), features the scorer does not have; the ceiling gets them too")
    boolean recentNegatives;

    record Population(String name, Instant start, Instant end, List<CustomerTrace> traces) {
    }

    record Variant(String name, AlertLine.Grouping grouping, double recoverRatio, int quietDays) {
    }

    record Figures(double volume, double precision, double recall, double medianLead, double warned14,
                   double warned30) {
    }

    static final List<Variant> VARIANTS = List.of(
            new Variant("per cause, recover at 0.75 × line", AlertLine.Grouping.PER_CAUSE, 0.75, 0),
            new Variant("per cause, recover at 0.75 × line, quiet 30 d", AlertLine.Grouping.PER_CAUSE, 0.75, 30),
            new Variant("per cause, recover at 0.75 × line, quiet 90 d (shipped)", AlertLine.Grouping.PER_CAUSE, 0.75, 90),
            new Variant("per cause, recover at 0.5 × line", AlertLine.Grouping.PER_CAUSE, 0.5, 0),
            new Variant("per customer, recover at 0.75 × line", AlertLine.Grouping.PER_CUSTOMER, 0.75, 0),
            new Variant("per customer, recover at 0.75 × line, quiet 60 d", AlertLine.Grouping.PER_CUSTOMER, 0.75, 60),
            new Variant("per customer, recover at 0.5 × line", AlertLine.Grouping.PER_CUSTOMER, 0.5, 0));

    public static void main(String[] args) {
        System.exit(new CommandLine(new FrontierMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        List<Population> populations = new ArrayList<>();
        for (Path file : configs) {
            SimulationConfig config = SimulationConfig.read(file);
            if (customers != null) {
                config = config.withCustomers(customers);
            }
            String name = file.getFileName().toString().replaceFirst("\\.ya?ml$", "").replace(".simulation", "");
            Backtest.Traced traced = Backtest.trace(name, config, PolicyLoader.builtIn(),
                    RiskCalibration.Options.defaults(), recentNegatives);
            populations.add(new Population(name, config.start(), config.end(), traced.traceList()));
        }
        StringBuilder sections = new StringBuilder();
        for (int i = 0; i < populations.size(); i++) {
            sections.append(section(populations.get((i + 1) % populations.size()), populations.get(i)));
        }
        String text = "# Alert-policy frontier\n\n" + String.format(Locale.ROOT, """
                Produced by `java -cp deploy/backtest/target/backtest-run.jar dev.earlywarning.backtest.FrontierMain%s` \
                on %s%s, in %.0f s. Each model is fitted on the other population and its line spends %.0f alerts \
                per 1,000 customers a month on the judged population; the gradient-boosted ceiling gets the same \
                alert policy and volume. Definitions as in `report.md`; here replayed from the traces \
                (`AlertLine`, the scorer's and alert-service's decisions) rather than the engine.

                """, recentNegatives ? " --recent-negatives" : "", LocalDate.now(ZoneOffset.UTC), customers == null ? "" : " (" + customers + " customers each)",
                (System.nanoTime() - started) / 1e9, budget) + sections;
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, text);
        System.out.println(sections);
        return 0;
    }

    private String section(Population train, Population self) {
        RiskCalibration.Options options = RiskCalibration.Options.defaults();
        long h = options.horizon().toSeconds();
        int all = RiskFeatures.NAMES.size() + (recentNegatives ? TraceRecorder.RECENT_NEGATIVES.size() : 0);
        Gbm gbm = Gbm.train(train.traces(), segmentsOf(train.traces()), all, h,
                train.end().getEpochSecond());
        double[][] gbmP = gbm.predict(self.traces(), CustomerTrace::assessments);
        UnaryOperator<float[]> shipped = x -> Arrays.copyOf(x, RiskFeatures.NAMES.size());
        Map<String, UnaryOperator<float[]>> forms = new java.util.LinkedHashMap<>();
        forms.put("logistic (shipped form)", shipped);
        forms.put("logistic without the renewal date", x -> {
            float[] y = shipped.apply(x);
            int first = RiskFeatures.RULES.size() + RiskFeatures.STATE_FEATURES.size();
            Arrays.fill(y, first, first + RiskFeatures.RENEWAL_FEATURES.size(), 0f);
            return y;
        });
        forms.put("logistic + squared state features", x -> withSquares(shipped.apply(x)));
        if (recentNegatives) {
            forms.put("logistic + recent negatives", UnaryOperator.identity());
            forms.put("logistic + recent negatives + squares", x -> {
                float[] sq = withSquares(shipped.apply(x));
                float[] y = Arrays.copyOf(sq, sq.length + TraceRecorder.RECENT_NEGATIVES.size());
                System.arraycopy(x, RiskFeatures.NAMES.size(), y, sq.length, TraceRecorder.RECENT_NEGATIVES.size());
                return y;
            });
        }
        Map<String, LogisticFit.Model> models = new java.util.LinkedHashMap<>();
        forms.forEach((name, form) -> models.put(name, fit(train, form, options)));
        StringBuilder md = new StringBuilder(String.format(Locale.ROOT,
                "## Judged on `%s`, fitted on `%s`%n%n", self.name(), train.name()));
        md.append("| Alert policy | Model | Alerts / 1,000 / month | Precision | × base rate | % of ceiling | Recall "
                + "| Median lead (d) | Warned ≥ 14 d | ≥ 30 d |\n");
        md.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        double base = baseRate(self, h);
        for (Variant variant : VARIANTS) {
            Figures ceiling = evaluate(self, gbmP, null, variant);
            for (var entry : models.entrySet()) {
                List<CustomerTrace> traces = Reformed.map(self.traces(), forms.get(entry.getKey()));
                AlertLine.Risk risk = AlertLine.of(entry.getValue());
                double[][] p = new double[traces.size()][];
                int[][] top = new int[traces.size()][];
                for (int i = 0; i < traces.size(); i++) {
                    List<CustomerTrace.Point> points = traces.get(i).assessments();
                    p[i] = new double[points.size()];
                    top[i] = new int[points.size()];
                    for (int k = 0; k < points.size(); k++) {
                        p[i][k] = risk.probability(traces.get(i).segment(), points.get(k).x());
                        top[i][k] = risk.topRule(traces.get(i).segment(), points.get(k).x());
                    }
                }
                Figures f = evaluate(self, p, top, variant);
                md.append(row(variant.name(), entry.getKey(), f, base, ceiling));
            }
            md.append(row(variant.name(), "gradient-boosted trees (ceiling)", ceiling, base, ceiling));
        }
        md.append(String.format(Locale.ROOT, "%nBase rate %.1f%%.%n%n", 100 * base));
        return md.toString();
    }

    private static String row(String variant, String model, Figures f, double base, Figures ceiling) {
        return String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f%% | %.1f | %.0f%% | %.1f%% | %.0f | %.1f%% | %.1f%% |%n",
                variant, model, f.volume(), 100 * f.precision(), f.precision() / base,
                100 * f.precision() / ceiling.precision(), 100 * f.recall(), f.medianLead(), 100 * f.warned14(),
                100 * f.warned30());
    }

    /** The alert line that spends the budget under the variant, then the figures it reaches. */
    private Figures evaluate(Population self, double[][] p, int[][] top, Variant variant) {
        RiskCalibration.Options options = RiskCalibration.Options.defaults();
        long warmUp = self.start().plus(options.warmUp()).getEpochSecond();
        long end = self.end().getEpochSecond();
        double days = (end - warmUp) / 86_400.0;
        Map<CustomerTrace, Integer> index = new IdentityHashMap<>();
        for (int i = 0; i < self.traces().size(); i++) {
            index.put(self.traces().get(i), i);
        }
        long quiet = variant.quietDays() * 86_400L;
        Function<AlertLine.Line, Tally> tallyAt = line -> tally(self, options, t -> AlertLine.opened(t,
                p[index.get(t)], top == null ? null : top[index.get(t)], line, true, variant.grouping()));
        double threshold = AlertLine.lowestWithin(t -> tallyAt.apply(
                new AlertLine.Line(t, t * variant.recoverRatio(), quiet)).volume(days), budget, 1e-4);
        Tally tally = tallyAt.apply(new AlertLine.Line(threshold, threshold * variant.recoverRatio(), quiet));
        return new Figures(tally.volume(days), tally.precision(), tally.recall(), tally.leadQuantile(0.5),
                tally.warnedAhead(14), tally.warnedAhead(30));
    }

    /** The backtest's definitions ({@link Evaluation}) on traces: right within the horizon, caught before it. */
    private static Tally tally(Population self, RiskCalibration.Options options,
                               Function<CustomerTrace, List<Long>> alerts) {
        long warmUp = self.start().plus(options.warmUp()).getEpochSecond();
        long end = self.end().getEpochSecond();
        long horizon = options.horizon().toSeconds();
        Tally all = new Tally();
        self.traces().parallelStream().forEach(t -> {
            long churn = t.endedAt();
            boolean churner = churn != Long.MAX_VALUE && churn >= warmUp && churn <= end;
            Tally tally = new Tally();
            tally.customer(churner);
            Long first = null;
            for (long at : alerts.apply(t)) {
                if (at < warmUp || at >= churn || at >= end) {
                    continue;
                }
                boolean right = churn - at <= horizon;
                tally.alert(churn <= end || at + horizon <= end, right);
                if (churner && right && first == null) {
                    first = at;
                }
            }
            if (first != null) {
                tally.caught((churn - first) / 86_400.0);
            }
            all.add(tally);
        });
        return all;
    }

    private static LogisticFit.Model fit(Population train, UnaryOperator<float[]> form,
                                         RiskCalibration.Options options) {
        List<String> segments = new ArrayList<>(new TreeSet<>(train.traces().stream().map(CustomerTrace::segment)
                .map(s -> s == null ? LogisticFit.DEFAULT : s).toList()));
        long h = options.horizon().toSeconds();
        long end = train.end().getEpochSecond();
        List<LogisticFit.Row> rows = new ArrayList<>();
        int width = 0;
        for (CustomerTrace t : train.traces()) {
            int segment = segments.indexOf(t.segment() == null ? LogisticFit.DEFAULT : t.segment());
            for (CustomerTrace.Point p : t.snapshots()) {
                if (Gbm.labelled(t, p, h, end)) {
                    float[] x = form.apply(p.x());
                    width = x.length;
                    rows.add(new LogisticFit.Row(segment, x, t.endedWithin(p.at(), h)));
                }
            }
        }
        return LogisticFit.fit(rows, segments, width, options.ridge());
    }

    /** A customer leaving within the horizon of a random labelled observation. */
    private static double baseRate(Population self, long h) {
        long labelled = 0;
        long left = 0;
        for (CustomerTrace t : self.traces()) {
            for (CustomerTrace.Point p : t.snapshots()) {
                if (Gbm.labelled(t, p, h, self.end().getEpochSecond())) {
                    labelled++;
                    left += t.endedWithin(p.at(), h) ? 1 : 0;
                }
            }
        }
        return (double) left / labelled;
    }

    /** The features with each state feature's square appended. */
    static float[] withSquares(float[] x) {
        int first = RiskFeatures.RULES.size();
        int n = RiskFeatures.STATE_FEATURES.size();
        float[] y = Arrays.copyOf(x, x.length + n);
        for (int j = 0; j < n; j++) {
            y[x.length + j] = x[first + j] * x[first + j];
        }
        return y;
    }

    private static List<String> segmentsOf(List<CustomerTrace> traces) {
        return new ArrayList<>(new TreeSet<>(traces.stream().map(CustomerTrace::segment)
                .filter(java.util.Objects::nonNull).toList()));
    }

    /** Traces with their feature vectors re-formed. */
    static final class Reformed {
        private Reformed() {
        }

        static List<CustomerTrace> map(List<CustomerTrace> traces, UnaryOperator<float[]> form) {
            List<CustomerTrace> out = new ArrayList<>(traces.size());
            for (CustomerTrace t : traces) {
                out.add(new CustomerTrace(t.customerId(), t.segment(), t.endedAt(), reform(t.assessments(), form),
                        reform(t.snapshots(), form)));
            }
            return out;
        }

        private static List<CustomerTrace.Point> reform(List<CustomerTrace.Point> points, UnaryOperator<float[]> form) {
            List<CustomerTrace.Point> out = new ArrayList<>(points.size());
            for (CustomerTrace.Point p : points) {
                out.add(new CustomerTrace.Point(p.at(), form.apply(p.x()), p.redFlags()));
            }
            return out;
        }
    }
}
