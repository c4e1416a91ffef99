package dev.earlywarning.backtest;

import dev.earlywarning.scorer.domain.ChurnRiskDetector;
import dev.earlywarning.scorer.domain.ContactFact;
import dev.earlywarning.scorer.domain.Driver;
import dev.earlywarning.scorer.domain.HealthAssessment;
import dev.earlywarning.scorer.domain.HealthScorer;
import dev.earlywarning.scorer.domain.PolicyBook;
import dev.earlywarning.scorer.domain.RiskFeatures;
import dev.earlywarning.scorer.domain.ScoringEngine;
import dev.earlywarning.scorer.domain.ScoringPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays one customer's facts through the scorer's own engine (event time) and records its
 * {@link CustomerTrace}: the features at every assessment and at each snapshot time. A fresh
 * engine per customer gives what the service's engine gives (customers are independent).
 */
public final class TraceRecorder {

    private final PolicyBook policies;
    private final HealthScorer scorer = HealthScorer.withAllRules();
    private final long[] snapshotTimes;

    /** @param snapshotTimes epoch seconds, ascending, at which every customer seen by then is observed */
    public TraceRecorder(PolicyBook policies, long[] snapshotTimes) {
        this.policies = policies;
        this.snapshotTimes = snapshotTimes.clone();
    }

    /**
     * @param facts the customer's contact facts in time order (no outcomes: the recorder must not see them)
     * @param endedAt epoch seconds the customer left, or {@link Long#MAX_VALUE}
     * @param end the end of the data: timers are fired up to it
     */
    public CustomerTrace record(String customerId, List<ContactFact> facts, long endedAt, Instant end) {
        ScoringEngine engine = new ScoringEngine(policies, scorer, new ChurnRiskDetector());
        List<CustomerTrace.Point> assessments = new ArrayList<>();
        List<CustomerTrace.Point> snapshots = new ArrayList<>();
        String segment = null;
        int next = 0;
        for (ContactFact fact : facts) {
            long at = fact.occurredAt().getEpochSecond();
            while (next < snapshotTimes.length && snapshotTimes[next] < at) {
                snapshot(engine, customerId, snapshotTimes[next++], assessments).ifPresent(snapshots::add);
            }
            for (ScoringEngine.Outcome outcome : engine.apply(fact)) {
                assessments.add(point(outcome.state(), outcome.health()));
            }
            if (fact.segment() != null) {
                segment = fact.segment();
            }
        }
        while (next < snapshotTimes.length && snapshotTimes[next] < end.getEpochSecond()) {
            snapshot(engine, customerId, snapshotTimes[next++], assessments).ifPresent(snapshots::add);
        }
        for (ScoringEngine.Outcome outcome : engine.advanceTo(end)) {
            assessments.add(point(outcome.state(), outcome.health()));
        }
        return new CustomerTrace(customerId, segment, endedAt, List.copyOf(assessments), List.copyOf(snapshots));
    }

    /** The customer as of {@code at}: its timers fired up to then, assessed then (nothing is stored). */
    private java.util.Optional<CustomerTrace.Point> snapshot(ScoringEngine engine, String customerId, long at,
                                                             List<CustomerTrace.Point> assessments) {
        Instant when = Instant.ofEpochSecond(at);
        for (ScoringEngine.Outcome outcome : engine.advanceTo(when)) {
            assessments.add(point(outcome.state(), outcome.health()));
        }
        return engine.customer(customerId).map(customer -> {
            ScoringPolicy policy = policies.forSegment(customer.state().segment());
            HealthAssessment health = scorer.assess(customer.state(), when, policy,
                    customer.health() == null ? null : customer.health().band());
            return point(customer.state(), health);
        });
    }

    private static CustomerTrace.Point point(dev.earlywarning.scorer.domain.RelationshipState state,
                                             HealthAssessment health) {
        double[] x = RiskFeatures.vector(state, health);
        float[] features = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            features[i] = (float) x[i];
        }
        int flags = 0;
        for (Driver driver : health.drivers()) {
            if (driver.critical()) {
                int index = RiskFeatures.RULES.indexOf(driver.rule());
                flags |= index >= 0 ? 1 << index : 0;
            }
        }
        return new CustomerTrace.Point(health.assessedAt().getEpochSecond(), features, flags);
    }
}
