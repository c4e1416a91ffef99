package dev.earlywarning.alerts.service;

import java.time.Clock;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.earlywarning.alerts.domain.IllegalTransitionException;
import dev.earlywarning.alerts.persistence.AuditEntry;
import dev.earlywarning.alerts.persistence.AuditLog;
import dev.earlywarning.alerts.persistence.Delivery;
import dev.earlywarning.alerts.delivery.DeliveryQueue;
import io.smallrye.mutiny.Uni;

/** Operations on deliveries: replaying the ones whose attempts were exhausted. */
@ApplicationScoped
public class DeliveryService {

    private final DeliveryQueue deliveries;
    private final Clock clock;
    private final AuditLog audit;

    public DeliveryService(DeliveryQueue deliveries, Clock clock, AuditLog audit) {
        this.deliveries = deliveries;
        this.clock = clock;
        this.audit = audit;
    }

    /** A subscription's deliveries, newest first; of one status (PENDING, DELIVERED, FAILED) when given. */
    public Uni<java.util.List<Delivery>> ofSubscription(UUID subscriptionId, String status, int page, int size) {
        return deliveries.ofSubscription(subscriptionId, status, page, size);
    }

    /** Makes a failed delivery due again, with fresh attempts; only a failed delivery can be. */
    public Uni<Delivery> replay(UUID id, String actor) {
        return deliveries.replay(id, clock.instant()).map(replay -> {
            if (replay == null) {
                throw new NotFoundProblem("No delivery " + id);
            }
            if (!replay.replayed()) {
                throw new IllegalTransitionException("Only a failed delivery can be replayed; this one is "
                        + replay.delivery().status());
            }
            return replay.delivery();
        }).call(delivery -> audit.append(AuditEntry.of(clock.instant(), actor, "replay", "delivery", id,
                "subscription " + delivery.subscriptionId())));
    }
}
