package dev.earlywarning.backtest;

import dev.earlywarning.alerts.domain.Alert;
import dev.earlywarning.alerts.domain.Severity;
import dev.earlywarning.alerts.domain.Signal;
import dev.earlywarning.scorer.domain.ChurnRiskDetector;
import dev.earlywarning.scorer.domain.ChurnRiskSignal;
import dev.earlywarning.scorer.domain.HealthScorer;
import dev.earlywarning.scorer.domain.PolicyBook;
import dev.earlywarning.scorer.domain.ScoringEngine;
import dev.earlywarning.scorer.kafka.ContactEventMapper;
import dev.earlywarning.scorer.kafka.ContactEventRecord;
import dev.earlywarning.simulator.ContactEvent;
import dev.earlywarning.simulator.CustomerHistory;
import java.time.Instant;
import java.util.List;

/**
 * One customer's history through the scorer's own engine in event-time mode (the code the
 * health-scorer service runs, fed by the service's own wire mapper), its signals through
 * alert-service's alert rules, and the score through a sweep of plain thresholds.
 *
 * <p>Customers are independent in the scorer (state and timers are per customer), so a fresh
 * engine per customer gives the same scores and signals as the service's engine per partition.
 */
final class ScorerReplay {

    private final PolicyBook policies;
    private final HealthScorer scorer = HealthScorer.withAllRules();
    private final ChurnRiskDetector detector = new ChurnRiskDetector();
    private final int[] thresholds;
    private final int hysteresis;
    private final String name;
    private final boolean causes;
    private final boolean withoutExitIntent;

    ScorerReplay(PolicyBook policies, int[] thresholds, int hysteresis) {
        this(policies, Detectors.SCORER, true, thresholds, hysteresis, false);
    }

    /**
     * @param name the detector its alerts count for
     * @param causes whether its alerts also count per cause
     * @param thresholds score thresholds to sweep alongside (may be empty)
     * @param withoutExitIntent replay with every cancellation enquiry removed: the product blind to exit intent
     */
    ScorerReplay(PolicyBook policies, String name, boolean causes, int[] thresholds, int hysteresis,
                 boolean withoutExitIntent) {
        this.policies = policies;
        this.thresholds = thresholds.clone();
        this.hysteresis = hysteresis;
        this.name = name;
        this.causes = causes;
        this.withoutExitIntent = withoutExitIntent;
    }

    void replay(CustomerHistory history, Instant end, CustomerAlerts.Builder alerts) {
        ScoringEngine engine = new ScoringEngine(policies, scorer, detector);
        // alert-service's own rules for one customer's alerts; the replay counts openings, so time and
        // flapping (which changes whom an alert notifies, not whether it opens) do not matter here.
        dev.earlywarning.alerts.domain.CustomerAlerts customerAlerts = new dev.earlywarning.alerts.domain.CustomerAlerts(
                List.of(), java.util.Map.of(), new Alert.Flapping(Integer.MAX_VALUE), ids(),
                java.time.Clock.fixed(Instant.EPOCH, java.time.ZoneOffset.UTC));
        boolean[] below = new boolean[thresholds.length];
        for (ContactEvent event : history.events()) {
            if (withoutExitIntent && "cancellation".equals(event.journey())) {
                continue;
            }
            for (ScoringEngine.Outcome outcome : engine.apply(ContactEventMapper.toFact(wire(event)))) {
                observe(outcome, customerAlerts, below, alerts);
            }
        }
        for (ScoringEngine.Outcome outcome : engine.advanceTo(end)) {
            observe(outcome, customerAlerts, below, alerts);
        }
    }

    private void observe(ScoringEngine.Outcome outcome, dev.earlywarning.alerts.domain.CustomerAlerts customerAlerts,
                         boolean[] below,
                         CustomerAlerts.Builder alerts) {
        long at = outcome.health().assessedAt().getEpochSecond();
        int score = outcome.health().score();
        for (int i = 0; i < thresholds.length; i++) {
            if (!below[i] && score < thresholds[i]) {
                below[i] = true;
                alerts.opened(Detectors.threshold(thresholds[i]), at);
            } else if (below[i] && score >= thresholds[i] + hysteresis) {
                below[i] = false;
            }
        }
        outcome.signal().ifPresent(s -> {
            for (var change : customerAlerts.apply(toSignal(s))) {
                if (change.opened()) {
                    alerts.opened(name, at);
                    if (causes) {
                        alerts.opened(Detectors.CAUSE + change.alert().cause(), at);
                    }
                }
            }
        });
    }

    /** Alert ids for one replay: counted, not random (a shared random source would serialise the threads). */
    private static java.util.function.Supplier<java.util.UUID> ids() {
        long[] next = {0};
        return () -> new java.util.UUID(0, ++next[0]);
    }

    /** The event as the scorer reads it from the canonical topic. */
    static ContactEventRecord wire(ContactEvent e) {
        return new ContactEventRecord(1, e.eventId(), e.customerId(), e.occurredAt(), e.segment(), e.type(),
                e.channel(), e.direction(), e.perceived(), e.journey(), e.caseRef(), e.outcome(), e.waitSeconds(),
                e.sentiment(), e.effortScore(), e.nps(), e.csat(), e.promiseId(), e.promiseDueAt(), e.effectiveAt(),
                e.sourceSystem());
    }

    /** The signal as alert-service reads it from the signal topic. */
    private static Signal toSignal(ChurnRiskSignal s) {
        return new Signal(s.signalId(), Signal.Kind.valueOf(s.kind().name()), s.customerId(), s.segment(), s.cause(),
                Severity.valueOf(s.severity().name()), s.scoreBefore(), s.scoreAfter(),
                s.bandBefore() == null ? null : s.bandBefore().name(), s.bandAfter().name(), List.of(),
                s.recommendedAction(), s.triggeringEventId(), s.occurredAt());
    }
}
