package dev.earlywarning.simulator;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Writes a population as JSON Lines: events, and the ground truth in a separate file. */
@Command(name = "generate", description = "Write events.jsonl (time order), ground-truth.jsonl and the config used.")
final class GenerateCommand implements Callable<Integer> {

    @CommandLine.Mixin
    SimulatorMain.PopulationOptions population = new SimulatorMain.PopulationOptions();

    @Option(names = "--out", required = true, description = "Directory to write into")
    Path out;

    @Override
    public Integer call() throws Exception {
        SimulationConfig config = population.load();
        long started = System.nanoTime();
        Simulator simulator = new Simulator(config);
        List<CustomerHistory> customers;
        try (Progress progress = new Progress("simulating", config.customers(), "customers")) {
            customers = simulator.population(true).peek(c -> progress.step(1)).toList();
        }
        Output.write(out, config, customers);
        long events = customers.stream().mapToLong(c -> c.events().size()).sum();
        long churned = customers.stream().filter(c -> c.truth().churned()).count();
        System.out.printf("%d customers, %d events, %d churned; written to %s in %.1f s%n", customers.size(), events,
                churned, out, (System.nanoTime() - started) / 1e9);
        return 0;
    }
}
