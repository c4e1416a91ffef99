package dev.earlywarning.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earlywarning.scorer.domain.ChurnRiskDetector;
import dev.earlywarning.scorer.domain.ChurnRiskSignal;
import dev.earlywarning.scorer.domain.HealthScorer;
import dev.earlywarning.scorer.domain.PolicyBook;
import dev.earlywarning.scorer.domain.ScoringEngine;
import dev.earlywarning.scorer.kafka.ContactEventMapper;
import dev.earlywarning.scorer.policy.PolicyLoader;
import dev.earlywarning.simulator.ContactEvent;
import dev.earlywarning.simulator.CustomerHistory;
import dev.earlywarning.simulator.GroundTruth;
import dev.earlywarning.simulator.Output;
import dev.earlywarning.simulator.SimulationConfig;
import dev.earlywarning.simulator.Simulator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScorerReplayTest {

    private static final PolicyBook POLICIES = PolicyLoader.builtIn();
    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

    private static ContactEvent call(int n, int day, String sentiment, String outcome) {
        return new ContactEvent("e" + n, "C1", START.plus(Duration.ofDays(day)), "retail", "test", "contact", "phone",
                "inbound", null, "billing", "CASE-1", outcome, 20, sentiment, null, null, null, null, null, null, null);
    }

    @Test
    void theThirdCallAboutOneProblemOpensAnAlertThroughTheAlertRules() {
        GroundTruth truth = new GroundTruth("C1", "retail", false, false, null, null, null, 3);
        CustomerHistory history = new CustomerHistory(truth, List.of(call(1, 40, "neutral", "unresolved"),
                call(2, 42, "negative", "unresolved"), call(3, 44, "negative", "unresolved")), List.of(), List.of(), List.of(), 0);
        CustomerAlerts.Builder alerts = new CustomerAlerts.Builder(truth);
        new ScorerReplay(POLICIES, new int[] {50}, 5).replay(history, START.plus(Duration.ofDays(60)), alerts);
        List<Long> opened = alerts.build().openedAt().get(Detectors.SCORER);
        assertThat(opened).isNotEmpty();
        assertThat(opened.get(0)).isBetween(START.plus(Duration.ofDays(40)).getEpochSecond(),
                START.plus(Duration.ofDays(44)).getEpochSecond());
        assertThat(alerts.build().openedAt()).containsKey(Detectors.threshold(50));
    }

    /**
     * The backtest replays each customer with its own engine; the service runs one engine per
     * partition over all its customers' events in time order, advancing timers to the stream's event
     * time. Both must give the same signals.
     */
    @Test
    void onePerCustomerEngineGivesTheSameSignalsAsOneEngineOverTheWholeStream() {
        SimulationConfig config = SimulationConfig.read(Path.of("../simulator/simulation.yaml")).withCustomers(400);
        List<CustomerHistory> customers = new Simulator(config).population(false).toList();
        HealthScorer scorer = HealthScorer.withAllRules();
        ChurnRiskDetector detector = new ChurnRiskDetector();

        Set<String> perCustomer = new HashSet<>();
        for (CustomerHistory customer : customers) {
            ScoringEngine engine = new ScoringEngine(POLICIES, scorer, detector);
            List<ScoringEngine.Outcome> outcomes = new ArrayList<>();
            customer.events().forEach(e -> outcomes.addAll(engine.apply(ContactEventMapper.toFact(ScorerReplay.wire(e)))));
            outcomes.addAll(engine.advanceTo(config.end()));
            outcomes.forEach(o -> o.signal().map(ChurnRiskSignal::signalId).ifPresent(perCustomer::add));
        }

        Set<String> oneStream = new HashSet<>();
        ScoringEngine engine = new ScoringEngine(POLICIES, scorer, detector);
        for (ContactEvent event : Output.timeOrdered(customers, Duration.ZERO).stream()
                .filter(e -> !e.relationshipOutcome()).toList()) {
            List<ScoringEngine.Outcome> outcomes = new ArrayList<>(engine.advanceTo(event.occurredAt()));
            outcomes.addAll(engine.apply(ContactEventMapper.toFact(ScorerReplay.wire(event))));
            outcomes.forEach(o -> o.signal().map(ChurnRiskSignal::signalId).ifPresent(oneStream::add));
        }
        engine.advanceTo(config.end()).forEach(o -> o.signal().map(ChurnRiskSignal::signalId).ifPresent(oneStream::add));

        assertThat(perCustomer).hasSizeGreaterThan(50);
        assertThat(oneStream).isEqualTo(perCustomer);
    }
}
