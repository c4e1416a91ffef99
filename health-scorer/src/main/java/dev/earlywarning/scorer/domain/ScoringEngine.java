package dev.earlywarning.scorer.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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

    /** One customer's state and what the engine remembers of its health ({@link StateCodec#remembered}). */
    public record Customer(RelationshipState state, HealthAssessment health) {
    }

    /**
     * What one event or timer did to a customer.
     *
     * @param health the full assessment, with its explanation
     * @param changed whether the score or band changed
     * @param cause the event id, or {@code timer@<time>}
     * @param snapshot the customer as the engine now keeps it ({@link StateCodec}), to be stored
     * @param event the event that caused it (null for a timer): what the customer's history shows of it
     */
    public record Outcome(String customerId, RelationshipState state, HealthAssessment health, boolean changed,
                          Optional<ChurnRiskSignal> signal, String cause, byte[] snapshot, ContactFact event) {
    }

    private record Timer(Instant dueAt, String customerId) {
    }

    private final PolicyBook policies;
    private final HealthScorer scorer;
    private final ChurnRiskDetector detector;
    private final ChurnRiskModel riskModel = new ChurnRiskModel();
    /** Customers as compact snapshots: a few hundred bytes each instead of kilobytes of objects. */
    private final Map<String, byte[]> customers = new HashMap<>();
    private final TreeSet<Timer> timers = new TreeSet<>(Comparator.comparing(Timer::dueAt)
            .thenComparing(Timer::customerId));
    private final long[] inBand = new long[Band.values().length];
    /** Customers as they were before the changes since {@link #mark()}; null when nothing is marked. */
    private Map<String, byte[]> undo;

    public ScoringEngine(PolicyBook policies, HealthScorer scorer, ChurnRiskDetector detector) {
        this.policies = policies;
        this.scorer = scorer;
        this.detector = detector;
    }

    /** Loads a customer from its decoded state (an older stored form). */
    public void load(RelationshipState state, HealthAssessment health) {
        HealthAssessment remembered = StateCodec.remembered(health);
        Instant next = nextChange(state, health == null ? state.lastEventAt() : health.assessedAt(),
                health != null && health.alerting());
        put(state.customerId(), StateCodec.encode(state, remembered, next));
    }

    /** Loads a customer from a stored snapshot, without decoding it. */
    public void loadSnapshot(String customerId, byte[] snapshot) {
        put(customerId, snapshot);
    }

    public Optional<Customer> customer(String customerId) {
        return Optional.ofNullable(customers.get(customerId)).map(bytes -> decode(customerId, bytes));
    }

    public int size() {
        return customers.size();
    }

    public long countInBand(Band band) {
        return inBand[band.ordinal()];
    }

    /** Applies one event; empty when the event was seen before (a redelivery). */
    public List<Outcome> apply(ContactFact fact) {
        List<Outcome> outcomes = new ArrayList<>(fireDue(fact.customerId(), fact.occurredAt()));
        byte[] stored = customers.get(fact.customerId());
        Customer current = stored == null ? null : decode(fact.customerId(), stored);
        RelationshipState state = current == null ? RelationshipState.empty(fact.customerId()) : current.state();
        if (state.hasSeen(fact)) {
            return outcomes;
        }
        RelationshipState next = state.apply(fact);
        ChurnRiskDetector.Lifecycle lifecycle = switch (fact.type()) {
            case RELATIONSHIP_ENDED -> state.ended() ? ChurnRiskDetector.Lifecycle.NONE : ChurnRiskDetector.Lifecycle.ENDED;
            case RELATIONSHIP_RENEWED -> ChurnRiskDetector.Lifecycle.RENEWED;
            default -> ChurnRiskDetector.Lifecycle.NONE;
        };
        outcomes.add(assess(next, current == null ? null : current.health(), next.lastEventAt(), fact.eventId(),
                lifecycle, fact));
        return outcomes;
    }

    /**
     * Remembers every customer as it is now, until {@link #release()}: {@link #rollback()} returns them
     * to this point. A caller marks before changes whose effects may not get out (a publish that
     * fails, a record that cannot be scored), so state never runs ahead of what was published.
     */
    public void mark() {
        undo = new HashMap<>();
    }

    /** Undoes every change since {@link #mark()}; the mark stays. */
    public void rollback() {
        if (undo == null) {
            return;
        }
        Map<String, byte[]> before = undo;
        undo = null;
        before.forEach((customerId, snapshot) -> {
            if (snapshot == null) {
                remove(customerId);
            } else {
                put(customerId, snapshot);
            }
        });
        undo = new HashMap<>();
    }

    /** Keeps the changes since {@link #mark()} and forgets the mark. */
    public void release() {
        undo = null;
    }

    /** Forgets a customer entirely (an erasure); whether it was held. Undone by {@link #rollback()}. */
    public boolean erase(String customerId) {
        boolean held = customers.containsKey(customerId);
        remove(customerId);
        return held;
    }

    /** Replaces a customer with a stored snapshot, or forgets it (null): what the store holds wins. */
    public void restore(String customerId, byte[] snapshot) {
        if (snapshot == null) {
            remove(customerId);
        } else {
            put(customerId, snapshot);
        }
    }

    /** Fires every timer due at or before {@code now}, in time order. */
    public List<Outcome> advanceTo(Instant now) {
        List<Outcome> outcomes = new ArrayList<>();
        while (!timers.isEmpty() && !timers.first().dueAt().isAfter(now)) {
            Timer timer = timers.first();
            outcomes.add(fire(timer.customerId(), timer.dueAt()));
        }
        return outcomes;
    }

    /** The due time of a customer's next timer, if any. */
    public Optional<Instant> nextTimer(String customerId) {
        return Optional.ofNullable(customers.get(customerId)).map(StateCodec::nextTimer);
    }

    private List<Outcome> fireDue(String customerId, Instant until) {
        List<Outcome> outcomes = new ArrayList<>();
        Instant due = nextTimer(customerId).orElse(null);
        while (due != null && !due.isAfter(until)) {
            outcomes.add(fire(customerId, due));
            due = nextTimer(customerId).orElse(null);
        }
        return outcomes;
    }

    private Outcome fire(String customerId, Instant due) {
        Customer customer = decode(customerId, customers.get(customerId));
        return assess(customer.state(), customer.health(), due, "timer@" + due, ChurnRiskDetector.Lifecycle.NONE,
                null);
    }

    private Outcome assess(RelationshipState state, HealthAssessment before, Instant at, String cause,
                           ChurnRiskDetector.Lifecycle lifecycle, ContactFact event) {
        ScoringPolicy policy = policies.forSegment(state.segment());
        HealthAssessment scored = scorer.assess(state, at, policy, before == null ? null : before.band());
        HealthAssessment after = scored.withRisk(riskModel.assess(state, scored, policy,
                before != null && before.alerting()));
        Optional<ChurnRiskSignal> signal = detector.detect(state, before, after, policy, cause, lifecycle);
        boolean changed = before == null || before.score() != after.score() || before.band() != after.band();
        RelationshipState remembered = state.withScore(at, after.score());
        if (signal.isPresent() && signal.get().kind() == ChurnRiskSignal.Kind.RECOVERED) {
            remembered = remembered.withRecoveredAt(at);
        }
        byte[] snapshot = StateCodec.encode(remembered, StateCodec.remembered(after),
                nextChange(remembered, at, after.alerting()));
        put(state.customerId(), snapshot);
        return new Outcome(state.customerId(), remembered, after, changed, signal, cause, snapshot, event);
    }

    private Instant nextChange(RelationshipState state, Instant after, boolean alerting) {
        // A closed relationship has nothing left to happen by time alone.
        if (after == null || state.ended()) {
            return null;
        }
        Instant rules = scorer.nextChangeAt(state, policies.forSegment(state.segment()), after);
        Instant renewal = RiskFeatures.nextChangeAt(state, after, alerting);
        return rules == null || renewal != null && renewal.isBefore(rules) ? renewal : rules;
    }

    /** Replaces a customer's snapshot, keeping the timer index and the band counts in step. */
    private void put(String customerId, byte[] snapshot) {
        byte[] previous = customers.put(customerId, snapshot);
        if (undo != null && !undo.containsKey(customerId)) {
            undo.put(customerId, previous); // null: the customer was new
        }
        Instant was = previous == null ? null : StateCodec.nextTimer(previous);
        Instant due = StateCodec.nextTimer(snapshot);
        // Most events leave the next timer where it was (a renewal month ahead, say): the index of every
        // customer's timer is large, and removing and re-adding the same entry cost 7% of the scorer's CPU.
        if (!Objects.equals(was, due)) {
            if (was != null) {
                timers.remove(new Timer(was, customerId));
            }
            if (due != null) {
                timers.add(new Timer(due, customerId));
            }
        }
        if (previous != null) {
            StateCodec.band(previous).ifPresent(band -> inBand[band.ordinal()]--);
        }
        StateCodec.band(snapshot).ifPresent(band -> inBand[band.ordinal()]++);
    }

    private void remove(String customerId) {
        byte[] previous = customers.remove(customerId);
        if (previous == null) {
            return;
        }
        if (undo != null && !undo.containsKey(customerId)) {
            undo.put(customerId, previous); // null: the customer was new
        }
        Instant due = StateCodec.nextTimer(previous);
        if (due != null) {
            timers.remove(new Timer(due, customerId));
        }
        StateCodec.band(previous).ifPresent(band -> inBand[band.ordinal()]--);
    }

    private static Customer decode(String customerId, byte[] snapshot) {
        StateCodec.Decoded decoded = StateCodec.decode(customerId, snapshot);
        return new Customer(decoded.state(), decoded.health());
    }
}
