package dev.earlywarning.scorer.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The scorer's in-memory heart: the state and health of the customers it owns, and the timers that
 * re-assess a customer when time alone changes its health (a promise falls due, a silence grows
 * long). Plain Java and single-threaded: the Kafka adapter feeds it one batch at a time.
 *
 * <p>Time is whatever the caller says: the stream's event time when replaying history, the wall
 * clock in production. A timer assesses a customer as of its due time, not as of when it was
 * noticed, so the same history gives the same scores and signals in both modes.
 *
 * <p>Out-of-order events: a late event is merged into the summaries by its own event time, and the
 * customer is re-assessed as of its newest event time.
 */
public final class ScoringEngine {

    /** One customer's state and current health. */
    public record Customer(RelationshipState state, HealthAssessment health) {
    }

    /**
     * What one event or timer did to a customer.
     *
     * @param cause the event id, or {@code timer@<time>}
     * @param changed whether the score or band changed
     */
    public record Outcome(String customerId, RelationshipState state, HealthAssessment health, boolean changed,
                          Optional<ChurnRiskSignal> signal, String cause) {
    }

    private record Timer(Instant dueAt, String customerId) {
    }

    private final PolicyBook policies;
    private final HealthScorer scorer;
    private final ChurnRiskDetector detector;
    private final Map<String, Customer> customers = new HashMap<>();
    private final TreeSet<Timer> timers = new TreeSet<>(Comparator.comparing(Timer::dueAt)
            .thenComparing(Timer::customerId));
    private final Map<String, Instant> timerOf = new HashMap<>();

    public ScoringEngine(PolicyBook policies, HealthScorer scorer, ChurnRiskDetector detector) {
        this.policies = policies;
        this.scorer = scorer;
        this.detector = detector;
    }

    /** Loads a customer from storage (after a restart or a rebalance). */
    public void load(RelationshipState state, HealthAssessment health) {
        customers.put(state.customerId(), new Customer(state, health));
        schedule(state, health == null ? state.lastEventAt() : health.assessedAt());
    }

    public Optional<Customer> customer(String customerId) {
        return Optional.ofNullable(customers.get(customerId));
    }

    public int size() {
        return customers.size();
    }

    public long countInBand(Band band) {
        return customers.values().stream().filter(c -> c.health() != null && c.health().band() == band).count();
    }

    /** Applies one event; empty when the event was seen before (a redelivery). */
    public List<Outcome> apply(ContactFact fact) {
        List<Outcome> outcomes = new ArrayList<>(fireDue(fact.customerId(), fact.occurredAt()));
        Customer current = customers.get(fact.customerId());
        RelationshipState state = current == null ? RelationshipState.empty(fact.customerId()) : current.state();
        if (state.hasSeen(fact.eventId())) {
            return outcomes;
        }
        RelationshipState next = state.apply(fact);
        outcomes.add(assess(next, current == null ? null : current.health(), next.lastEventAt(), fact.eventId()));
        return outcomes;
    }

    /** Fires every timer due at or before {@code now}, in time order. */
    public List<Outcome> advanceTo(Instant now) {
        List<Outcome> outcomes = new ArrayList<>();
        while (!timers.isEmpty() && !timers.first().dueAt().isAfter(now)) {
            Timer timer = timers.pollFirst();
            timerOf.remove(timer.customerId());
            Customer customer = customers.get(timer.customerId());
            if (customer != null) {
                outcomes.add(assess(customer.state(), customer.health(), timer.dueAt(), "timer@" + timer.dueAt()));
            }
        }
        return outcomes;
    }

    /** The due time of a customer's next timer, if any. */
    public Optional<Instant> nextTimer(String customerId) {
        return Optional.ofNullable(timerOf.get(customerId));
    }

    private List<Outcome> fireDue(String customerId, Instant until) {
        Instant due = timerOf.get(customerId);
        List<Outcome> outcomes = new ArrayList<>();
        while (due != null && !due.isAfter(until)) {
            timers.remove(new Timer(due, customerId));
            timerOf.remove(customerId);
            Customer customer = customers.get(customerId);
            outcomes.add(assess(customer.state(), customer.health(), due, "timer@" + due));
            due = timerOf.get(customerId);
        }
        return outcomes;
    }

    private Outcome assess(RelationshipState state, HealthAssessment before, Instant at, String cause) {
        ScoringPolicy policy = policies.forSegment(state.segment());
        HealthAssessment after = scorer.assess(state, at, policy, before == null ? null : before.band());
        Optional<ChurnRiskSignal> signal = detector.detect(state, before, after, policy, cause);
        boolean changed = before == null || before.score() != after.score() || before.band() != after.band();
        RelationshipState remembered = state.withScore(at, after.score());
        customers.put(state.customerId(), new Customer(remembered, after));
        schedule(remembered, at);
        return new Outcome(state.customerId(), remembered, after, changed, signal, cause);
    }

    private void schedule(RelationshipState state, Instant after) {
        Instant previous = timerOf.remove(state.customerId());
        if (previous != null) {
            timers.remove(new Timer(previous, state.customerId()));
        }
        if (after == null) {
            return;
        }
        Instant next = scorer.nextChangeAt(state, policies.forSegment(state.segment()), after);
        if (next != null) {
            timers.add(new Timer(next, state.customerId()));
            timerOf.put(state.customerId(), next);
        }
    }
}
