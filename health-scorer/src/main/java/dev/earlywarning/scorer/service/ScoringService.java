package dev.earlywarning.scorer.service;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.earlywarning.scorer.domain.ChurnRiskDetector;
import dev.earlywarning.scorer.domain.ChurnRiskSignal;
import dev.earlywarning.scorer.domain.ContactFact;
import dev.earlywarning.scorer.domain.HealthAssessment;
import dev.earlywarning.scorer.domain.HealthScorer;
import dev.earlywarning.scorer.domain.RelationshipState;
import dev.earlywarning.scorer.domain.ScoringPolicy;
import dev.earlywarning.scorer.persistence.CustomerHealth;
import dev.earlywarning.scorer.persistence.CustomerHealthRepository;
import dev.earlywarning.scorer.persistence.HealthHistory;
import dev.earlywarning.scorer.persistence.HealthHistoryRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Applies a contact event to the customer's state, re-scores, persists state and history, and
 * publishes the new health and any churn-risk signal before the transaction commits: a crash
 * after publishing re-delivers the event, which re-emits the same deterministic signal id.
 */
@ApplicationScoped
public class ScoringService {

    private final CustomerHealthRepository customers;
    private final HealthHistoryRepository history;
    private final HealthPublisher publisher;
    private final MeterRegistry registry;
    private final HealthScorer scorer = HealthScorer.withDefaultRules();
    private final ChurnRiskDetector detector = new ChurnRiskDetector();
    private final ScoringPolicy policy = ScoringPolicy.DEFAULT;

    public ScoringService(CustomerHealthRepository customers, HealthHistoryRepository history,
                          HealthPublisher publisher, MeterRegistry registry) {
        this.customers = customers;
        this.history = history;
        this.publisher = publisher;
        this.registry = registry;
    }

    @WithTransaction
    public Uni<Void> apply(ContactFact fact) {
        return customers.findById(fact.customerId()).chain(existing -> {
            RelationshipState state = existing == null ? RelationshipState.empty(fact.customerId()) : existing.state;
            if (state.hasSeen(fact.eventId())) {
                registry.counter("ew.scorer.events", "outcome", "duplicate").increment();
                return Uni.createFrom().voidItem();
            }
            RelationshipState next = state.apply(fact);
            HealthAssessment before = existing == null ? null : existing.assessment;
            HealthAssessment after = scorer.assess(next, next.lastEventAt(), policy);
            Optional<ChurnRiskSignal> signal = detector.detect(fact.customerId(), next.segment(), before, after,
                    fact.eventId());
            CustomerHealth entity = existing == null ? new CustomerHealth() : existing;
            entity.update(next, after);
            boolean changed = before == null || before.score() != after.score() || before.band() != after.band();
            Uni<?> saved = existing == null ? customers.persist(entity) : Uni.createFrom().voidItem();
            return saved
                    .chain(() -> history.persist(HealthHistory.of(fact.customerId(), fact.eventId(), after)))
                    .chain(() -> customers.flush())
                    .chain(() -> publisher.publish(fact.customerId(), next.segment(), after, fact.eventId(), changed,
                            signal))
                    .invoke(() -> {
                        registry.counter("ew.scorer.events", "outcome", "scored").increment();
                        signal.ifPresent(s -> registry.counter("ew.scorer.signals", "kind", s.kind().name(),
                                "severity", s.severity().name()).increment());
                    })
                    .replaceWithVoid();
        });
    }

    @WithSession
    public Uni<CustomerHealth> current(String customerId) {
        return customers.findById(customerId);
    }

    @WithSession
    public Uni<List<HealthHistory>> history(String customerId, int limit) {
        return history.latest(customerId, limit);
    }

    @WithSession
    public Uni<List<CustomerHealth>> atRisk(int limit) {
        return customers.atRisk(limit);
    }
}
