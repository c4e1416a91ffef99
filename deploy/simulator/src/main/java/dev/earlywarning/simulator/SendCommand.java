package dev.earlywarning.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Live traffic: the population's events, in time order, to contact-ingest or the inbound topic. */
@Command(name = "send", description = "Send the population's events, in time order, at a given rate.")
final class SendCommand implements Callable<Integer> {

    enum Via { rest, kafka }

    @CommandLine.Mixin
    SimulatorMain.PopulationOptions population = new SimulatorMain.PopulationOptions();

    @Option(names = "--via", defaultValue = "rest", description = "rest (contact-ingest) or kafka (inbound topic); default ${DEFAULT-VALUE}")
    Via via;

    @Option(names = "--ingest-url", defaultValue = "http://localhost:8081", description = "contact-ingest base URL; default ${DEFAULT-VALUE}")
    String ingestUrl;

    @Option(names = "--token", defaultValue = "${env:EW_TOKEN}",
            description = "Bearer token of a producer (role event-writer, source simulator); default $EW_TOKEN")
    String token;

    @Option(names = "--bootstrap-servers", defaultValue = "localhost:9092", description = "Kafka bootstrap servers; default ${DEFAULT-VALUE}")
    String bootstrapServers;

    @Option(names = "--topic", defaultValue = "contact-events.inbound", description = "default ${DEFAULT-VALUE}")
    String topic;

    @Option(names = "--rate", defaultValue = "200", description = "Events per second; 0 = as fast as accepted; default ${DEFAULT-VALUE}")
    double rate;

    @Option(names = "--days", description = "Override the simulated period (days)")
    Integer days;

    @Option(names = "--ending-now", description = "Shift the history so that it ends now (the ingest refuses events from the future)")
    boolean endingNow;

    @Override
    public Integer call() throws Exception {
        SimulationConfig config = population.load();
        if (days != null) {
            config = config.withPeriod(config.start(), days);
        }
        Duration shift = endingNow ? Duration.between(config.end(), Instant.now()) : Duration.ZERO;
        List<ContactEvent> events = Output.timeOrdered(new Simulator(config).population(true).toList(), shift);
        int slice = via == Via.rest ? 100 : 500;
        LiveTraffic.Summary summary;
        try (LiveTraffic.Target target = via == Via.rest ? LiveTraffic.rest(ingestUrl, token)
                : LiveTraffic.kafka(bootstrapServers, topic);
             Progress progress = new Progress("sending", events.size(), "events")) {
            summary = LiveTraffic.send(events, target, rate, (int) Math.max(1, Math.min(slice, rate / 10)), progress);
        }
        System.out.printf("%d accepted, %d duplicates, %d rejected in %.1f s (%.0f events/s)%n", summary.accepted(),
                summary.duplicates(), summary.rejected(), summary.seconds(), summary.rate());
        return summary.rejected() == 0 ? 0 : 1;
    }
}
