package dev.earlywarning.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The population reproduces the domain page's figures within stated tolerances, on 20,000
 * customers of the default config (about a second of simulation). Tolerances: 4 points on each
 * repurchase rate, 6 NPS points on each contact group, the churn rate within 1.2 points.
 */
class SimulatorCalibrationTest {

    private static SimulationConfig config;
    private static Calibration measured;

    @BeforeAll
    static void simulate() {
        config = SimulationConfig.read(Path.of("simulation.yaml")).withCustomers(20_000);
        List<CustomerHistory> population = new Simulator(config).population(true).toList();
        measured = Calibration.measure(population);
        System.out.print(measured.describe(config.calibration()));
    }

    @Test
    void repurchaseAfterTheLastExperienceMatchesSamr() {
        SimulationConfig.Calibration target = config.calibration();
        assertThat(measured.repurchase().get(Valence.NEGATIVE)).isCloseTo(target.repurchaseAfterNegative(), within(0.04));
        assertThat(measured.repurchase().get(Valence.NEUTRAL)).isCloseTo(target.repurchaseAfterNeutral(), within(0.04));
        assertThat(measured.repurchase().get(Valence.POSITIVE)).isCloseTo(target.repurchaseAfterPositive(), within(0.04));
    }

    @Test
    void customersWithLittleContactGiveTheLowerNps() {
        SimulationConfig.Calibration target = config.calibration();
        assertThat(measured.npsMuchContact()).isCloseTo(target.npsMuchContact(), within(6.0));
        assertThat(measured.npsLittleContact()).isCloseTo(target.npsLittleContact(), within(6.0));
        assertThat(measured.npsMuchContact()).isGreaterThan(measured.npsLittleContact() + 3);
    }

    @Test
    void theConfiguredChurnRateComesOut() {
        assertThat(measured.churnRate()).isCloseTo(Simulator.targetChurn(config), within(0.012));
        assertThat(measured.relationshipChurnShare()).isCloseTo(1 - config.unrelatedChurnShare(), within(0.05));
    }

    @Test
    void anotherBaseRateIsReachedByTheSameModel() {
        SimulationConfig lower = new SimulationConfig(config.seed(), 10_000, config.start(), config.days(), 0.06,
                config.unrelatedChurnShare(), config.segments(), config.behaviour(), config.latent(),
                config.decisions(), config.calibration());
        Calibration low = Calibration.measure(new Simulator(lower).population(true).toList());
        assertThat(low.churnRate()).isCloseTo(0.06, within(0.012));
    }
}
