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

    /**
     * Features the scorer does not have, appended after {@code RiskFeatures.NAMES} when asked for: the
     * negative experiences of the last weeks (a negative contact, an unresolved or abandoned one, a
     * complaint opened or reopened, a broken promise), each weighing half as much every 10 days, the same
     * every 30 days, and how recent the last one was (1 on its day, 0 from 45 days). The frontier report
     * asks whether such a short memory would find leavers the scorer's features miss.
     */
    public static final List<String> RECENT_NEGATIVES = List.of("negatives-10d", "negatives-30d",
            "last-negative-recency");

    private final PolicyBook policies;
    private final HealthScorer scorer = HealthScorer.withAllRules();
    private final long[] snapshotTimes;
    private final boolean recentNegatives;

    /** @param snapshotTimes epoch seconds, ascending, at which every customer seen by then is observed */
    public TraceRecorder(PolicyBook policies, long[] snapshotTimes) {
        this(policies, snapshotTimes, false);
    }

    /** @param recentNegatives whether to append the {@link #RECENT_NEGATIVES} features */
    public TraceRecorder(PolicyBook policies, long[] snapshotTimes, boolean recentNegatives) {
        this.policies = policies;
        this.snapshotTimes = snapshotTimes.clone();
        this.recentNegatives = recentNegatives;
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
        List<Long> negatives = new ArrayList<>();
        for (ContactFact fact : facts) {
            long at = fact.occurredAt().getEpochSecond();
            if (recentNegatives && negative(fact)) {
                negatives.add(at);
            }
            while (next < snapshotTimes.length && snapshotTimes[next] < at) {
                snapshot(engine, customerId, snapshotTimes[next++], assessments, negatives).ifPresent(snapshots::add);
            }
            for (ScoringEngine.Outcome outcome : engine.apply(fact)) {
                assessments.add(point(outcome.state(), outcome.health(), negatives));
            }
            if (fact.segment() != null) {
                segment = fact.segment();
            }
        }
        while (next < snapshotTimes.length && snapshotTimes[next] < end.getEpochSecond()) {
            snapshot(engine, customerId, snapshotTimes[next++], assessments, negatives).ifPresent(snapshots::add);
        }
        for (ScoringEngine.Outcome outcome : engine.advanceTo(end)) {
            assessments.add(point(outcome.state(), outcome.health(), negatives));
        }
        return new CustomerTrace(customerId, segment, endedAt, List.copyOf(assessments), List.copyOf(snapshots));
    }

    /** The customer as of {@code at}: its timers fired up to then, assessed then (nothing is stored). */
    private java.util.Optional<CustomerTrace.Point> snapshot(ScoringEngine engine, String customerId, long at,
                                                             List<CustomerTrace.Point> assessments,
                                                             List<Long> negatives) {
        Instant when = Instant.ofEpochSecond(at);
        for (ScoringEngine.Outcome outcome : engine.advanceTo(when)) {
            assessments.add(point(outcome.state(), outcome.health(), negatives));
        }
        return engine.customer(customerId).map(customer -> {
            ScoringPolicy policy = policies.forSegment(customer.state().segment());
            HealthAssessment health = scorer.assess(customer.state(), when, policy,
                    customer.health() == null ? null : customer.health().band());
            return point(customer.state(), health, negatives);
        });
    }

    private CustomerTrace.Point point(dev.earlywarning.scorer.domain.RelationshipState state,
                                      HealthAssessment health, List<Long> negatives) {
        double[] x = RiskFeatures.vector(state, health);
        if (recentNegatives) {
            x = withRecentNegatives(x, health.assessedAt().getEpochSecond(), negatives);
        }
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

    private static boolean negative(ContactFact fact) {
        return switch (fact.type()) {
            case COMPLAINT_OPENED, COMPLAINT_REOPENED, PROMISE_BROKEN -> true;
            case CONTACT, COMPLAINT_RESOLVED -> fact.perceived() && fact.sentiment() == ContactFact.Sentiment.NEGATIVE
                    || fact.outcome() == ContactFact.Outcome.ABANDONED || fact.outcome() == ContactFact.Outcome.UNRESOLVED;
            default -> false;
        };
    }

    private static double[] withRecentNegatives(double[] base, long now, List<Long> negatives) {
        double[] x = java.util.Arrays.copyOf(base, base.length + RECENT_NEGATIVES.size());
        long last = -1;
        for (long t : negatives) {
            if (t <= now) {
                double days = (now - t) / 86_400.0;
                x[base.length] += Math.pow(0.5, days / 10);
                x[base.length + 1] += Math.pow(0.5, days / 30);
                last = Math.max(last, t);
            }
        }
        x[base.length + 2] = last < 0 ? 0 : Math.max(0, 1 - (now - last) / 86_400.0 / 45);
        return x;
    }
}
