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
        int exit = new CommandLine(new BacktestMain()).execute("--config", "../simulator/simulation.yaml",
                "--customers", "4000", "--out", out.toString());
        assertThat(exit).isZero();
        String report = Files.readString(out.resolve("report.md"));
        assertThat(report).contains("## Population `simulation`", "Seed 20261122", "4,000 customers",
                "### The product against the baselines", "### Alert threshold sweep", "### By segment",
                "would buy again after a negative last experience");
        for (String chart : new String[] {"precision-recall", "lead-time", "tradeoff"}) {
            Path png = out.resolve("img/simulation-" + chart + ".png");
            assertThat(png).exists();
            assertThat(Files.readAllBytes(png)).startsWith(0x89, 'P', 'N', 'G');
        }
        assertThat(out.resolve("simulation.simulation.yaml")).exists();
    }

    @Test
    void theProductsAlertsAreFarMorePreciseThanChance() {
        var config = dev.earlywarning.simulator.SimulationConfig
                .read(Path.of("../simulator/simulation.yaml")).withCustomers(6000);
        Backtest.Result result = Backtest.run("t", config, dev.earlywarning.scorer.policy.PolicyLoader.builtIn(),
                Backtest.Options.defaults());
        Tally product = result.evaluation().tally(Detectors.SCORER, Evaluation.ALL);
        Tally chance = result.evaluation().tally(Detectors.RANDOM, Evaluation.ALL);
        assertThat(product.precision()).isGreaterThan(1.5 * chance.precision());
        assertThat(product.recall()).isGreaterThan(chance.recall());
    }
}
