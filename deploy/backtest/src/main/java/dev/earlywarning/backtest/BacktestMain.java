package dev.earlywarning.backtest;

import dev.earlywarning.scorer.domain.PolicyBook;
import dev.earlywarning.scorer.policy.PolicyLoader;
import dev.earlywarning.simulator.SimulationConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar deploy/backtest/target/backtest-run.jar}: see docs/backtest/report.md for what it writes. */
@Command(name = "backtest", mixinStandardHelpOptions = true,
        description = "Replay simulated populations through the scorer and the alert rules; score them and the "
                + "baselines against the ground truth; write a Markdown report with charts.")
public final class BacktestMain implements Callable<Integer> {

    @Option(names = "--config", description = "Simulation config(s); default: the default and the second population",
            defaultValue = "deploy/simulator/simulation.yaml,deploy/backtest/second-population.yaml", split = ",")
    List<Path> configs;

    @Option(names = "--customers", description = "Override every population's size (quick runs)")
    Integer customers;

    @Option(names = "--policy", description = "Scoring policy YAML; default: the scorer's built-in policy")
    Path policy;

    @Option(names = "--horizon-days", defaultValue = "90", description = "An alert is right when the customer cancels within this many days; default ${DEFAULT-VALUE}")
    int horizonDays;

    @Option(names = "--out", defaultValue = "docs/backtest", description = "Report directory; default ${DEFAULT-VALUE}")
    Path out;

    @Override
    public Integer call() throws Exception {
        System.setProperty("java.awt.headless", "true");
        PolicyBook policies = policy == null ? PolicyLoader.builtIn() : PolicyLoader.fromFile(policy);
        Backtest.Options defaults = Backtest.Options.defaults();
        Backtest.Options options = new Backtest.Options(Duration.ofDays(horizonDays), defaults.warmUp(),
                defaults.thresholds(), defaults.hysteresis());
        Files.createDirectories(out);
        long started = System.nanoTime();
        RiskCalibration.Options calibration = RiskCalibration.Options.defaults();
        List<Backtest.Traced> traced = new ArrayList<>();
        for (Path file : configs) {
            SimulationConfig config = SimulationConfig.read(file);
            if (customers != null) {
                config = config.withCustomers(customers);
            }
            String name = file.getFileName().toString().replaceFirst("\\.ya?ml$", "").replace(".simulation", "");
            traced.add(Backtest.trace(name, config, policies, calibration));
            Files.writeString(out.resolve(name + ".simulation.yaml"), "# Copy of " + file + " as used by the backtest\n"
                    + config.toYaml());
        }
        List<Backtest.Result> results = new ArrayList<>();
        String builtInText = policy == null ? PolicyWriter.builtInText() : Files.readString(policy);
        for (int i = 0; i < traced.size(); i++) {
            Backtest.Traced self = traced.get(i);
            // Fitted on the other population, never on itself (with one population: its own time split).
            Backtest.Traced other = traced.size() > 1 ? traced.get((i + 1) % traced.size()) : self;
            RiskCalibration.Result fitted = RiskCalibration.calibrate(other.traceList(), other.config().start(),
                    other.config().end(), policies, calibration);
            // The alert line spends the budget on this population's own traffic over the period: a
            // volume, read without any outcome, as a team sets it on its own alerts. The model is the other's.
            RiskCalibration.Result fit = fitted.withLines(RiskCalibration.lines(self.traceList(),
                    AlertLine.of(fitted.model()), self.config().start().plus(calibration.warmUp()),
                    self.config().end(), calibration));
            Path fittedFile = out.resolve(self.name() + ".fitted-policy.yaml");
            Files.writeString(fittedFile, PolicyWriter.write(builtInText, PolicyWriter.nextVersion(
                    policies.version(), LocalDate.now(ZoneOffset.UTC)), fit, calibration,
                    "simulated population `" + other.name() + "` (backtest)"));
            Gbm gbm = Gbm.train(other.traceList(), segmentsOf(other), dev.earlywarning.scorer.domain.RiskFeatures.NAMES.size(),
                    calibration.horizon().toSeconds(), other.config().end().getEpochSecond());
            Backtest.Result result = Backtest.run(self, policies, PolicyLoader.fromFile(fittedFile), fit,
                    other == self ? self.name() + " (its own earlier months)" : other.name(), gbm, options);
            results.add(result);
            System.out.printf(Locale.ROOT, "%s: %,d customers, %,d events in %.1f s%n", self.name(),
                    self.config().customers(), result.events(), result.seconds());
            for (String line : Report.checks(result)) {
                System.out.println("  " + line);
            }
        }
        double total = (System.nanoTime() - started) / 1e9;
        StringBuilder md = new StringBuilder();
        md.append("# Early-warning backtest\n\n");
        md.append(String.format(Locale.ROOT, """
                Produced by `%s` on %s (%d cores, %.0f GiB), policy %s, in %.0f s in all.

                How to read it: each population is simulated by `deploy/simulator` (its own latent-state model,
                see `deploy/simulator/README.md`), its events are replayed through the scorer's engine in
                event-time mode and its signals through alert-service's alert rules, and every alert is
                checked against the ground truth the detectors never see. *Early Warning* is the product with
                a risk model calibrated on the **other** population (never on itself: the calibration
                command's code and time split) and an alert line that spends 50 alerts per 1,000 customers a
                month on this population's traffic (alert counts only, no outcome: what a team does on its
                own alerts); the shipped policy,
                the first release's band rules, the product blind to exit intent, a gradient-boosted model on
                the same features (the ceiling, also trained on the other population) and the health score
                ranked are scored on the same events, the last two at the product's own alert volume. An alert is *right* when the
                customer cancels within %d days after it (precision); a churner is *caught* when an alert
                was opened within the %d days before it cancelled (recall); *lead time* is the days from
                the first such alert to the cancellation. The first %d days are warm-up (nobody has
                history yet) and alerts after a cancellation are not counted. The baselines keep one open
                alert per customer and clear when their condition clears.

                """, command(), LocalDate.now(ZoneOffset.UTC), Runtime.getRuntime().availableProcessors(),
                totalMemoryGiB(), policies.version(), total, horizonDays, horizonDays, options.warmUp().toDays()));
        for (Backtest.Result result : results) {
            md.append(Report.section(result, out));
        }
        Files.writeString(out.resolve("report.md"), md.toString());
        System.out.printf(Locale.ROOT, "report: %s (%.0f s)%n", out.resolve("report.md"), total);
        return 0;
    }

    private static List<String> segmentsOf(Backtest.Traced traced) {
        return new ArrayList<>(new java.util.TreeSet<>(java.util.Arrays.stream(traced.traces())
                .map(CustomerTrace::segment).filter(java.util.Objects::nonNull).toList()));
    }

    private String command() {
        StringBuilder command = new StringBuilder("java -jar deploy/backtest/target/backtest-run.jar");
        if (customers != null) {
            command.append(" --customers ").append(customers);
        }
        return command.toString();
    }

    private static double totalMemoryGiB() {
        try {
            var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean();
            return os.getTotalMemorySize() / (1024.0 * 1024 * 1024);
        } catch (RuntimeException | LinkageError e) {
            return Double.NaN;
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new BacktestMain()).execute(args));
    }
}
