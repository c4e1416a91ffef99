package dev.earlywarning.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code java -jar deploy/benchmarks/target/benchmarks-run.jar [ingest|scoring|alerts|e2e|all]}: see
 * docs/benchmarks.md. Each benchmark gets a fresh broker and database of its own.
 */
@Command(name = "benchmarks", mixinStandardHelpOptions = true,
        description = "Ingest, scoring and end-to-end benchmarks, each against a baseline measured in the same run.")
public final class BenchmarkMain implements Callable<Integer> {

    @Parameters(defaultValue = "all", description = "ingest, scoring, alerts, e2e or all (default)")
    String which;

    @Option(names = "--out", defaultValue = "docs/benchmarks", description = "Results directory; default ${DEFAULT-VALUE}")
    Path out;

    @Option(names = "--measure-seconds", defaultValue = "20", description = "Measured seconds per ingest mode; default ${DEFAULT-VALUE}")
    int measureSeconds;

    @Option(names = "--warm-up-seconds", defaultValue = "30", description = "Warm-up seconds before each measured ingest mode; default ${DEFAULT-VALUE}")
    int warmUpSeconds;

    @Option(names = "--customers", defaultValue = "100000", description = "Customers of the scoring benchmark; default ${DEFAULT-VALUE}")
    int customers;

    @Option(names = "--days", defaultValue = "180", description = "Days of simulated history in the scoring topic; default ${DEFAULT-VALUE}")
    int days;

    @Option(names = "--rate", defaultValue = "1000", description = "Offered events/s of the end-to-end benchmark; default ${DEFAULT-VALUE}")
    int rate;

    @Option(names = "--e2e-seconds", defaultValue = "60", description = "Measured seconds of the end-to-end benchmark; default ${DEFAULT-VALUE}")
    int e2eSeconds;

    @Option(names = "--e2e-warm-up-seconds", defaultValue = "180", description = "Warm-up of the end-to-end benchmark at the same rate (the services' JIT compilers settle); default ${DEFAULT-VALUE}")
    int e2eWarmUpSeconds;

    @Option(names = "--signals", defaultValue = "20000", description = "Signals in the alerts benchmark's burst; default ${DEFAULT-VALUE}")
    int signals;

    @Option(names = "--signal-rate", defaultValue = "150", description = "Signals/s of the alerts benchmark's latency run; default ${DEFAULT-VALUE}")
    int signalRate;

    @Override
    public Integer call() throws Exception {
        Path root = Path.of(System.getProperty("earlywarning.root", ".")).toAbsolutePath().normalize();
        Path logDir = Files.createDirectories(root.resolve("target/benchmarks"));
        List<String> benchmarks = which.equals("all") ? List.of("ingest", "scoring", "alerts", "e2e") : List.of(which);
        Results results = new Results();
        for (String benchmark : benchmarks) {
            try (Bench bench = new Bench(root, logDir)) {
                switch (benchmark) {
                    case "ingest" -> new IngestBenchmark(bench, results, Duration.ofSeconds(measureSeconds), Duration.ofSeconds(warmUpSeconds)).run();
                    case "scoring" -> new ScoringBenchmark(bench, results, customers, days).run();
                    case "alerts" -> new AlertsBenchmark(bench, results, signals, signalRate,
                            Duration.ofSeconds(30)).run();
                    case "e2e" -> new EndToEndBenchmark(bench, results, rate, Duration.ofSeconds(e2eSeconds),
                            Duration.ofSeconds(e2eWarmUpSeconds)).run();
                    default -> throw new CommandLine.ParameterException(new CommandLine(this),
                            "unknown benchmark: " + benchmark);
                }
            }
        }
        String machine = String.format(Locale.ROOT, "%d cores, %.0f GiB, Java %s",
                Runtime.getRuntime().availableProcessors(), totalMemoryGiB(), System.getProperty("java.version"));
        results.write(root.resolve(out), which, "java -jar deploy/benchmarks/target/benchmarks-run.jar " + which, machine);
        System.out.println();
        results.figures().forEach(f -> System.out.println(Results.line(f)));
        return 0;
    }

    private static double totalMemoryGiB() {
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean();
        return os.getTotalMemorySize() / (1024.0 * 1024 * 1024);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchmarkMain()).execute(args));
    }
}
