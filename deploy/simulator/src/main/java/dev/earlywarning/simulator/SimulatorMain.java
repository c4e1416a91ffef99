package dev.earlywarning.simulator;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar deploy/simulator/target/simulator-run.jar <command>}: see deploy/simulator/README.md. */
@Command(name = "simulator", mixinStandardHelpOptions = true,
        description = "Early Warning traffic simulator: a synthetic population, its contact history and its churn.",
        subcommands = {SimulatorMain.Calibrate.class, GenerateCommand.class, SendCommand.class})
public final class SimulatorMain {

    /** Options every command shares. */
    static class PopulationOptions {
        @Option(names = "--config", description = "Simulation config (YAML); default: the built-in simulation.yaml")
        Path config;

        @Option(names = "--customers", description = "Override the population size")
        Integer customers;

        @Option(names = "--seed", description = "Override the seed")
        Long seed;

        SimulationConfig load() {
            SimulationConfig config = this.config == null ? SimulationConfig.defaults() : SimulationConfig.read(this.config);
            if (customers != null) {
                config = config.withCustomers(customers);
            }
            if (seed != null) {
                config = config.withSeed(seed);
            }
            return config;
        }
    }

    @Command(name = "calibrate", description = "Simulate the population and print the calibration figures against their targets.")
    static final class Calibrate implements Callable<Integer> {
        @CommandLine.Mixin
        PopulationOptions population = new PopulationOptions();

        @Override
        public Integer call() {
            SimulationConfig config = population.load();
            long started = System.nanoTime();
            Simulator simulator = new Simulator(config);
            List<CustomerHistory> customers = simulator.population(true).toList();
            long events = customers.stream().mapToLong(c -> c.events().size()).sum();
            System.out.printf("%d customers, %d events (%.1f per customer), actOnIntent %.3f, %.1f s%n",
                    customers.size(), events, events / (double) customers.size(), simulator.actOnIntent(),
                    (System.nanoTime() - started) / 1e9);
            System.out.print(Calibration.measure(customers).describe(config.calibration()));
            return 0;
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new SimulatorMain()).execute(args));
    }
}
