package dev.earlywarning.backtest;

import dev.earlywarning.scorer.domain.HealthScorer;
import dev.earlywarning.scorer.domain.PolicyBook;
import dev.earlywarning.scorer.domain.Rule;
import dev.earlywarning.simulator.Calibration;
import dev.earlywarning.simulator.CustomerHistory;
import dev.earlywarning.simulator.Progress;
import dev.earlywarning.simulator.SimulationConfig;
import dev.earlywarning.simulator.Simulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * Simulates a population, replays every customer through the scorer and the baselines, and scores
 * them all against the ground truth. Customers are simulated and replayed one at a time on every
 * core and then dropped, so memory does not grow with the population.
 */
final class Backtest {

    /** Options of a run. */
    record Options(Duration horizon, Duration warmUp, int[] thresholds, int hysteresis) {
        static Options defaults() {
            return new Options(Duration.ofDays(90), Duration.ofDays(30),
                    IntStream.rangeClosed(4, 18).map(i -> i * 5).toArray(), 5);
        }
    }

    /** What a run produced. */
    record Result(String name, SimulationConfig config, double actOnIntent, Evaluation evaluation,
                  Calibration calibration, long events, double seconds, List<String> causes, Options options) {
    }

    private Backtest() {
    }

    static Result run(String name, SimulationConfig config, PolicyBook policies, Options options) {
        long started = System.nanoTime();
        Simulator simulator = new Simulator(config);
        List<String> causes = new ArrayList<>();
        HealthScorer.withAllRules().rules().stream().map(Rule::name).forEach(causes::add);
        causes.add("score");
        List<String> detectors = new ArrayList<>();
        detectors.add(Detectors.SCORER);
        detectors.add(Detectors.NPS_DETRACTOR);
        detectors.add(Detectors.NEGATIVE_LAST_CONTACT);
        detectors.add(Detectors.SILENCE_30_DAYS);
        detectors.add(Detectors.RANDOM);
        causes.forEach(c -> detectors.add(Detectors.CAUSE + c));
        for (int threshold : options.thresholds()) {
            detectors.add(Detectors.threshold(threshold));
        }
        Evaluation evaluation = new Evaluation(config.start(), config.end(), options.warmUp(), options.horizon(),
                detectors);
        ScorerReplay scorer = new ScorerReplay(policies, options.thresholds(), options.hysteresis());
        AtomicLong events = new AtomicLong();
        // Calibration figures of the very population that was scored, from a sample of it.
        int sample = Math.min(config.customers(), 20_000);
        List<CustomerHistory> calibrationSample = java.util.Collections.synchronizedList(new ArrayList<>());
        try (Progress progress = new Progress(name, config.customers(), "customers")) {
            IntStream.range(0, config.customers()).parallel().forEach(i -> {
                CustomerHistory history = simulator.customer(i);
                CustomerAlerts.Builder alerts = new CustomerAlerts.Builder(history.truth());
                scorer.replay(history, config.end(), alerts);
                Baselines.replay(history, config.start(), config.end(), alerts);
                evaluation.add(alerts.build());
                events.addAndGet(history.events().size());
                if (i < sample) {
                    calibrationSample.add(history);
                }
                progress.step(1);
            });
        }
        Calibration calibration = Calibration.measure(calibrationSample);
        return new Result(name, config, simulator.actOnIntent(), evaluation, calibration, events.get(),
                (System.nanoTime() - started) / 1e9, causes, options);
    }
}
