package dev.earlywarning.alerts.service;

import java.time.Clock;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.earlywarning.alerts.domain.IllegalTransitionException;
import dev.earlywarning.alerts.persistence.DeliveryEntity;
import dev.earlywarning.alerts.persistence.DeliveryRepository;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/** Operations on deliveries: replaying the ones whose attempts were exhausted. */
@ApplicationScoped
public class DeliveryService {

    private final DeliveryRepository deliveries;
    private final Clock clock = Clock.systemUTC();

    public DeliveryService(DeliveryRepository deliveries) {
        this.deliveries = deliveries;
    }

    @WithTransaction
    public Uni<DeliveryEntity> replay(UUID id) {
        return deliveries.findById(id).onItem().ifNull().failWith(() -> new NotFoundProblem("No delivery " + id))
                .map(delivery -> {
                    if (!DeliveryEntity.FAILED.equals(delivery.status)) {
                        throw new IllegalTransitionException("Only a failed delivery can be replayed; this one is "
                                + delivery.status);
                    }
                    delivery.status = DeliveryEntity.PENDING;
                    delivery.attempts = 0;
                    delivery.nextAttemptAt = clock.instant();
                    delivery.lastError = null;
                    return delivery;
                });
    }
}
