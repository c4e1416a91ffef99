package dev.earlywarning.backtest;

import dev.earlywarning.scorer.domain.ContactFact;
import dev.earlywarning.scorer.domain.HealthScorer;
import dev.earlywarning.scorer.domain.PolicyBook;
import dev.earlywarning.scorer.domain.RiskFeatures;
import dev.earlywarning.scorer.domain.Rule;
import dev.earlywarning.scorer.domain.ScoringPolicy;
import dev.earlywarning.scorer.kafka.ContactEventMapper;
import dev.earlywarning.simulator.Calibration;
import dev.earlywarning.simulator.ContactEvent;
import dev.earlywarning.simulator.CustomerHistory;
import dev.earlywarning.simulator.GroundTruth;
import dev.earlywarning.simulator.Progress;
import dev.earlywarning.simulator.SimulationConfig;
import dev.earlywarning.simulator.Simulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * Simulates a population and scores detectors on it against the ground truth, in two passes. The
 * first records what the scorer's engine sees of every customer ({@link CustomerTrace}): the data a
 * calibration fits on. The second replays every customer through the product as shipped, as the
 * first release alerted, and with a policy fitted on another population, and through the baselines;
 * models scored in bulk on the traces (the ceiling, the score ranked) alert at the fitted product's
 * volume. Customers are simulated again rather than kept: the simulator is deterministic.
 */
final class Backtest {

    /** Options of a run. */
    record Options(Duration horizon, Duration warmUp, int[] thresholds, int hysteresis) {
        static Options defaults() {
            return new Options(Duration.ofDays(90), Duration.ofDays(30),
                    IntStream.rangeClosed(4, 18).map(i -> i * 5).toArray(), 5);
        }
    }

    /** The first pass: a population's traces and truths, by customer index. */
    record Traced(String name, SimulationConfig config, CustomerTrace[] traces, GroundTruth[] truths,
                  double actOnIntent, long events, long enquiriesOfLeavers, long enquiriesOfStayers,
                  Calibration calibration, double seconds) {
        List<CustomerTrace> traceList() {
            return Arrays.asList(traces);
        }
    }

    /** One model scored on a population's snapshots (AUC, calibration) and, at one alert line, on its alerts. */
    record ModelFigures(String name, double auc, double calibrationError, List<double[]> calibrationCurve,
                        List<double[]> precisionVolume) {
    }

    /** What a run produced. */
    record Result(String name, SimulationConfig config, double actOnIntent, Evaluation evaluation,
                  Calibration calibration, long events, double seconds, List<String> causes, Options options,
                  String fittedOn, double targetVolume, List<ModelFigures> models, double enquiryStayerShare,
                  RiskCalibration.Result fit, double baseRate, List<RiskCalibration.RuleRate> rules) {
    }

    private Backtest() {
    }

    /** The first pass: every customer's trace under the given policy's rules (the features do not depend on its model). */
    static Traced trace(String name, SimulationConfig config, PolicyBook policies, RiskCalibration.Options options) {
        return trace(name, config, policies, options, false);
    }

    /** The same, with {@link TraceRecorder#RECENT_NEGATIVES} appended to every point when asked for. */
    static Traced trace(String name, SimulationConfig config, PolicyBook policies, RiskCalibration.Options options,
                        boolean recentNegatives) {
        long started = System.nanoTime();
        Simulator simulator = new Simulator(config);
        TraceRecorder recorder = new TraceRecorder(policies,
                RiskCalibration.snapshotTimes(config.start(), config.end(), options), recentNegatives);
        CustomerTrace[] traces = new CustomerTrace[config.customers()];
        GroundTruth[] truths = new GroundTruth[config.customers()];
        AtomicLong events = new AtomicLong();
        AtomicLong leaverEnquiries = new AtomicLong();
        AtomicLong stayerEnquiries = new AtomicLong();
        int sample = Math.min(config.customers(), 20_000);
        List<CustomerHistory> calibrationSample = java.util.Collections.synchronizedList(new ArrayList<>());
        try (Progress progress = new Progress(name + " (trace)", config.customers(), "customers")) {
            IntStream.range(0, config.customers()).parallel().forEach(i -> {
                CustomerHistory history = simulator.customer(i);
                truths[i] = history.truth();
                long ended = history.truth().churned() ? history.truth().churnedAt().getEpochSecond() : Long.MAX_VALUE;
                traces[i] = recorder.record(history.truth().customerId(), facts(history, false), ended, config.end());
                events.addAndGet(history.events().size());
                long enquiries = history.events().stream().filter(e -> "cancellation".equals(e.journey())).count();
                stayerEnquiries.addAndGet(history.enquiriesWhileStaying());
                leaverEnquiries.addAndGet(enquiries - history.enquiriesWhileStaying());
                if (i < sample) {
                    calibrationSample.add(history);
                }
                progress.step(1);
            });
        }
        return new Traced(name, config, traces, truths, simulator.actOnIntent(), events.get(), leaverEnquiries.get(),
                stayerEnquiries.get(), Calibration.measure(calibrationSample), (System.nanoTime() - started) / 1e9);
    }

    static List<ContactFact> facts(CustomerHistory history, boolean withoutExitIntent) {
        List<ContactFact> facts = new ArrayList<>(history.events().size());
        for (ContactEvent event : history.events()) {
            if (!(withoutExitIntent && "cancellation".equals(event.journey()))) {
                facts.add(ContactEventMapper.toFact(ScorerReplay.wire(event)));
            }
        }
        return facts;
    }

    /**
     * The second pass.
     *
     * @param shipped the built-in policy
     * @param fitted the policy calibrated on another population ({@code fittedOn})
     * @param fit that calibration (its model is the fitted policy's)
     * @param gbm the ceiling, trained on the same other population
     */
    static Result run(Traced traced, PolicyBook shipped, PolicyBook fitted, RiskCalibration.Result fit,
                      String fittedOn, Gbm gbm, Options options) {
        long started = System.nanoTime();
        SimulationConfig config = traced.config();
        List<CustomerTrace> traces = traced.traceList();
        long end = config.end().getEpochSecond();
        long h = options.horizon().toSeconds();
        long warmUpEnd = config.start().plus(options.warmUp()).getEpochSecond();
        double observedMonths = (end - warmUpEnd) / 86_400.0 / 30.44;

        // The fitted product's volume here, by its own line, is the volume every bulk-scored model gets.
        LogisticFit.Model fittedModel = fit.model();
        AlertLine.Risk fittedRisk = AlertLine.of(fittedModel);
        // Every bulk-scored model alerts under the product's policy, its quiet period included.
        long quiet = fitted.forSegment(null).alerting().quiet().toSeconds();
        double[][] fittedP = new double[traces.size()][];
        int[][] fittedTop = new int[traces.size()][];
        double[][] shippedP = scoreAll(traces, AlertLine.of(RiskCalibration.fromPolicy(shipped, List.of())),
                CustomerTrace::assessments);
        double[][] scoreP = new double[traces.size()][];
        for (int i = 0; i < traces.size(); i++) {
            List<CustomerTrace.Point> points = traces.get(i).assessments();
            fittedP[i] = new double[points.size()];
            fittedTop[i] = new int[points.size()];
            scoreP[i] = new double[points.size()];
            for (int k = 0; k < points.size(); k++) {
                fittedP[i][k] = fittedRisk.probability(traces.get(i).segment(), points.get(k).x());
                fittedTop[i][k] = fittedRisk.topRule(traces.get(i).segment(), points.get(k).x());
                scoreP[i][k] = unhealth(points.get(k).x());
            }
        }
        double target = 0;
        for (int i = 0; i < traces.size(); i++) {
            RiskCalibration.Line line = lineOf(fit, traces.get(i).segment());
            target += count(AlertLine.opened(traces.get(i), fittedP[i], fittedTop[i],
                    new AlertLine.Line(line.threshold(), line.recoverBelow(), quiet), true), warmUpEnd, end);
        }
        target = target * 1000.0 / traces.size() / observedMonths;
        double[][] gbmP = gbm.predict(traces, CustomerTrace::assessments);
        AlertLine.Line gbmLine = matchVolume(traces, gbmP, target, warmUpEnd, end, observedMonths, quiet);
        AlertLine.Line scoreLine = matchVolume(traces, scoreP, target, warmUpEnd, end, observedMonths, quiet);

        List<String> causes = new ArrayList<>();
        HealthScorer.withAllRules().rules().stream().map(Rule::name).forEach(causes::add);
        causes.add("score");
        List<String> detectors = new ArrayList<>(List.of(Detectors.SCORER, Detectors.NO_EXIT_INTENT, Detectors.SHIPPED,
                Detectors.BANDS, Detectors.GBM, Detectors.SCORE_RANK, Detectors.NPS_DETRACTOR,
                Detectors.NEGATIVE_LAST_CONTACT, Detectors.SILENCE_30_DAYS, Detectors.CANCELLATION_ENQUIRY,
                Detectors.RANDOM));
        causes.forEach(c -> detectors.add(Detectors.CAUSE + c));
        for (int threshold : options.thresholds()) {
            detectors.add(Detectors.threshold(threshold));
        }
        Evaluation evaluation = new Evaluation(config.start(), config.end(), options.warmUp(), options.horizon(),
                detectors);
        ScorerReplay product = new ScorerReplay(fitted, Detectors.SCORER, true, new int[0], options.hysteresis(), false);
        ScorerReplay blind = new ScorerReplay(fitted, Detectors.NO_EXIT_INTENT, false, new int[0], options.hysteresis(), true);
        ScorerReplay asShipped = new ScorerReplay(shipped, Detectors.SHIPPED, false, options.thresholds(),
                options.hysteresis(), false);
        ScorerReplay bands = new ScorerReplay(shipped.map(p -> p.withAlerting(new ScoringPolicy.Alerting(
                ScoringPolicy.Alerting.Mode.BANDS, p.alerting().threshold(), p.alerting().recoverBelow(),
                p.alerting().criticalAt(), p.alerting().budgetPerThousand()))), Detectors.BANDS, false, new int[0],
                options.hysteresis(), false);
        Simulator simulator = new Simulator(config);
        try (Progress progress = new Progress(traced.name() + " (detectors)", config.customers(), "customers")) {
            IntStream.range(0, config.customers()).parallel().forEach(i -> {
                CustomerHistory history = simulator.customer(i);
                CustomerAlerts.Builder alerts = new CustomerAlerts.Builder(history.truth());
                product.replay(history, config.end(), alerts);
                blind.replay(history, config.end(), alerts);
                asShipped.replay(history, config.end(), alerts);
                bands.replay(history, config.end(), alerts);
                Baselines.replay(history, config.start(), config.end(), alerts);
                AlertLine.opened(traces.get(i), gbmP[i], null, gbmLine, true).forEach(at -> alerts.opened(Detectors.GBM, at));
                AlertLine.opened(traces.get(i), scoreP[i], null, scoreLine, true)
                        .forEach(at -> alerts.opened(Detectors.SCORE_RANK, at));
                evaluation.add(alerts.build());
                progress.step(1);
            });
        }
        List<ModelFigures> models = new ArrayList<>();
        double[][] gbmSnapshots = gbm.predict(traces, CustomerTrace::snapshots);
        models.add(figures("Early Warning, policy fitted on " + fittedOn, traces,
                scoreAll(traces, fittedRisk, CustomerTrace::snapshots), fittedP, fittedTop, warmUpEnd, end, h, quiet));
        models.add(figures("Early Warning, shipped policy", traces,
                scoreAll(traces, AlertLine.of(RiskCalibration.fromPolicy(shipped, List.of())), CustomerTrace::snapshots), shippedP, null,
                warmUpEnd, end, h, quiet));
        models.add(figures("gradient-boosted trees (ceiling)", traces, gbmSnapshots, gbmP, null, warmUpEnd, end, h,
                quiet));
        models.add(figures("health score ranked", traces, scoreAll(traces, (s, x) -> unhealth(x), CustomerTrace::snapshots), scoreP, null,
                warmUpEnd, end, h, quiet));
        double stayerShare = traced.enquiriesOfLeavers() + traced.enquiriesOfStayers() == 0 ? Double.NaN
                : (double) traced.enquiriesOfStayers() / (traced.enquiriesOfLeavers() + traced.enquiriesOfStayers());
        long labelled = 0;
        long left = 0;
        for (CustomerTrace t : traces) {
            for (CustomerTrace.Point p : t.snapshots()) {
                if (Gbm.labelled(t, p, h, end)) {
                    labelled++;
                    left += t.endedWithin(p.at(), h) ? 1 : 0;
                }
            }
        }
        return new Result(traced.name(), config, traced.actOnIntent(), evaluation, traced.calibration(),
                traced.events(), traced.seconds() + (System.nanoTime() - started) / 1e9, causes, options, fittedOn,
                target, models, stayerShare, fit, labelled == 0 ? Double.NaN : (double) left / labelled,
                RiskCalibration.ruleRates(traces, h, end));
    }

    /** The health score's shortfall as a ranking (100 minus the score, from the rules' contributions). */
    static double unhealth(float[] x) {
        double points = 0;
        for (int j = 0; j < RiskFeatures.RULES.size(); j++) {
            points += x[j];
        }
        return Math.max(0, Math.min(100, 10 * points)) / 100.0;
    }

    private static RiskCalibration.Line lineOf(RiskCalibration.Result fit, String segment) {
        return fit.lines().getOrDefault(segment == null ? LogisticFit.DEFAULT : segment,
                fit.lines().getOrDefault(LogisticFit.DEFAULT, fit.lines().values().iterator().next()));
    }

    private static long count(List<Long> opened, long from, long to) {
        return opened.stream().filter(at -> at >= from && at < to).count();
    }

    /** The risk of each chosen point of every trace: its assessments or its snapshots. */
    private static double[][] scoreAll(List<CustomerTrace> traces, AlertLine.Risk risk,
                                       java.util.function.Function<CustomerTrace, List<CustomerTrace.Point>> which) {
        double[][] p = new double[traces.size()][];
        for (int i = 0; i < traces.size(); i++) {
            List<CustomerTrace.Point> points = which.apply(traces.get(i));
            p[i] = new double[points.size()];
            for (int k = 0; k < points.size(); k++) {
                p[i][k] = risk.probability(traces.get(i).segment(), points.get(k).x());
            }
        }
        return p;
    }

    /** One threshold for all, with the same recovery ratio, whose volume comes closest to {@code target} from below. */
    static AlertLine.Line matchVolume(List<CustomerTrace> traces, double[][] p, double target, long from, long to,
                                      double months, long quietSeconds) {
        double chosen = AlertLine.lowestWithin(t -> volume(traces, p, new AlertLine.Line(t, 0.75 * t, quietSeconds),
                from, to, months), target, 1e-4);
        return new AlertLine.Line(chosen, 0.75 * chosen, quietSeconds);
    }

    static double volume(List<CustomerTrace> traces, double[][] p, AlertLine.Line line, long from, long to,
                         double months) {
        long alerts = 0;
        for (int i = 0; i < traces.size(); i++) {
            alerts += count(AlertLine.opened(traces.get(i), p[i], null, line, true), from, to);
        }
        return alerts * 1000.0 / traces.size() / months;
    }

    /** AUC and calibration on the labelled snapshots; the precision–volume curve over a sweep of lines. */
    private static ModelFigures figures(String name, List<CustomerTrace> traces, double[][] snapshotP,
                                        double[][] assessmentP, int[][] top, long from, long end, long h,
                                        long quietSeconds) {
        List<double[]> scored = new ArrayList<>();
        for (int i = 0; i < traces.size(); i++) {
            CustomerTrace t = traces.get(i);
            for (int k = 0; k < t.snapshots().size(); k++) {
                if (Gbm.labelled(t, t.snapshots().get(k), h, end)) {
                    scored.add(new double[] {snapshotP[i][k], t.endedWithin(t.snapshots().get(k).at(), h) ? 1 : 0});
                }
            }
        }
        double months = (end - from) / 86_400.0 / 30.44;
        List<double[]> curve = new ArrayList<>();
        for (double threshold = 0.01; threshold < 1; threshold *= 1.25) {
            Tally tally = new Tally();
            for (int i = 0; i < traces.size(); i++) {
                CustomerTrace t = traces.get(i);
                boolean churner = t.endedAt() >= from && t.endedAt() <= end;
                tally.customer(churner);
                boolean caught = false;
                for (long at : AlertLine.opened(t, assessmentP[i], top == null ? null : top[i],
                        new AlertLine.Line(threshold, 0.75 * threshold, quietSeconds), true)) {
                    if (at < from || at >= end) {
                        continue;
                    }
                    boolean right = t.endedWithin(at, h);
                    tally.alert(right || at + h <= end, right);
                    if (churner && right && !caught) {
                        caught = true;
                        tally.caught((t.endedAt() - at) / 86_400.0);
                    }
                }
            }
            curve.add(new double[] {tally.volume(months * 30.44), tally.precision(), tally.recall()});
        }
        return new ModelFigures(name, RiskCalibration.auc(scored), RiskCalibration.calibrationError(scored, 10),
                RiskCalibration.calibrationCurve(scored, 10), curve);
    }
}
