package dev.earlywarning.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BacktestTest {

    @Test
    void aSmallRunWritesTheReportAndTheProductCarriesInformation(@TempDir Path out) throws Exception {
        int exit = new CommandLine(new BacktestMain()).execute("--config",
                "../simulator/simulation.yaml,second-population.yaml", "--customers", "3000", "--out", out.toString());
        assertThat(exit).isZero();
        String report = Files.readString(out.resolve("report.md"));
        assertThat(report).contains("## Population `simulation`", "## Population `second-population`",
                "Seed 20261122", "3,000 customers", "Policy fitted on `second-population`",
                "### The product against the baselines", "product: shipped policy",
                "ceiling: gradient-boosted trees", "baseline: cancellation enquiry", "Against the bar",
                "### The models on the same observations", "### When a rule fires",
                "### Alert threshold sweep", "### By segment", "would buy again after a negative last experience");
        for (String population : new String[] {"simulation", "second-population"}) {
            for (String chart : new String[] {"precision-volume", "lead-time", "calibration", "precision-recall"}) {
                Path png = out.resolve("img/" + population + "-" + chart + ".png");
                assertThat(png).exists();
                assertThat(Files.readAllBytes(png)).startsWith(0x89, 'P', 'N', 'G');
            }
            // The policy each population was scored with was fitted on the other one, and loads.
            Path fitted = out.resolve(population + ".fitted-policy.yaml");
            assertThat(Files.readString(fitted)).contains("provenance:", "source: \"simulated population `"
                    + (population.equals("simulation") ? "second-population" : "simulation") + "`");
            assertThat(dev.earlywarning.scorer.policy.PolicyLoader.fromFile(fitted).version()).contains("-cal.");
        }
    }

    @Test
    void theFittedProductsAlertsAreFarMorePreciseThanChance() {
        var policies = dev.earlywarning.scorer.policy.PolicyLoader.builtIn();
        var options = RiskCalibration.Options.defaults();
        var config = dev.earlywarning.simulator.SimulationConfig
                .read(Path.of("../simulator/simulation.yaml")).withCustomers(6000);
        var other = dev.earlywarning.simulator.SimulationConfig.read(Path.of("second-population.yaml")).withCustomers(6000);
        Backtest.Traced self = Backtest.trace("t", config, policies, options);
        Backtest.Traced training = Backtest.trace("o", other, policies, options);
        RiskCalibration.Result fit = RiskCalibration.calibrate(training.traceList(), other.start(), other.end(),
                policies, options);
        var fitted = policies.map(p -> p.withRisk(new dev.earlywarning.scorer.domain.ScoringPolicy.RiskModel(
                options.horizon(), fit.model().intercepts().get(LogisticFit.DEFAULT),
                riskCoefficients(fit.model()))));
        Gbm gbm = Gbm.train(training.traceList(), java.util.List.of("premium", "retail", "sme"),
                dev.earlywarning.scorer.domain.RiskFeatures.NAMES.size(), options.horizon().toSeconds(),
                other.end().getEpochSecond());
        Backtest.Result result = Backtest.run(self, policies, fitted, fit, "o", gbm, Backtest.Options.defaults());
        Tally product = result.evaluation().tally(Detectors.SCORER, Evaluation.ALL);
        Tally chance = result.evaluation().tally(Detectors.RANDOM, Evaluation.ALL);
        assertThat(product.precision()).isGreaterThan(2 * chance.precision());
        assertThat(product.recall()).isGreaterThan(chance.recall());
        // The ceiling and the ranked score alert at the fitted product's volume, within a few per cent.
        double volume = result.evaluation().tally(Detectors.GBM, Evaluation.ALL).volume(result.evaluation().observedDays());
        assertThat(volume).isCloseTo(result.targetVolume(), org.assertj.core.data.Percentage.withPercentage(10));
        assertThat(result.models()).allSatisfy(m -> assertThat(m.auc()).isBetween(0.5, 1.0));
    }

    private static java.util.Map<String, Double> riskCoefficients(LogisticFit.Model model) {
        java.util.Map<String, Double> coefficients = new java.util.HashMap<>();
        for (int j = 0; j < dev.earlywarning.scorer.domain.RiskFeatures.NAMES.size(); j++) {
            coefficients.put(dev.earlywarning.scorer.domain.RiskFeatures.NAMES.get(j), model.coefficients()[j]);
        }
        return coefficients;
    }
}
